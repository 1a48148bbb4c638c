#pragma once

// ecsemu's pause image: the container that holds an awsvpc task's network namespace. It is made here, never
// pulled (there may be no registry): a static pause() program compiled by the build and embedded in the binary,
// imported into Docker as a one-file image with POST /images/create?fromSrc=-.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::runtime {

// The embedded static program (an ELF executable).
std::string_view pause_program();

// "ecsemu/pause:<ecsemu version>".
std::string pause_image_name();

// A ustar archive holding the program as /pause (mode 0755): the image's only file.
std::string pause_image_tar();

// The Docker Engine API request that imports the image (send with POST).
// (Docker reads the body as the archive whatever its Content-Type says, application/json included.)
struct PauseImportRequest {
  std::string path = "/images/create";
  std::vector<std::pair<std::string, std::string>> query;  // unencoded, e.g. for DockerClient::versioned
  std::string target;                                      // path and encoded query, without the API version
  std::string content_type = "application/x-tar";
  std::string body;
};
PauseImportRequest pause_image_import_request();

}  // namespace ecsemu::runtime
