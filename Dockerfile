# ecsemu's container image: FROM scratch with a root file system that scripts/build-image stages from the binary
# the build produced (build/ecsemu, stripped), exactly the shared libraries `ldd` lists for it and the dynamic
# loader. Nothing is pulled from a registry, so it builds offline and the same way everywhere:
#   scripts/build-image                 # -> ecsemu:local
# Run it on the host's network, with the host's Docker socket (see docker-compose.yml).
FROM scratch
COPY rootfs/ /
ENV ECSEMU_HOST=127.0.0.1 ECSEMU_PORT=4566
EXPOSE 4566
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=4s --start-period=2s --retries=3 CMD ["/usr/local/bin/ecsemu", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/ecsemu"]
