/* The program of ecsemu's pause image: it holds an awsvpc task's network namespace and does nothing else. Built
 * static, so the image is this one file. Exits at once on SIGTERM or SIGINT (as PID 1 it would ignore them
 * otherwise). */
#include <signal.h>
#include <unistd.h>

static void on_signal(int sig) {
  (void)sig;
  _exit(0);
}

int main(void) {
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  for (;;) {
    pause();
  }
}
