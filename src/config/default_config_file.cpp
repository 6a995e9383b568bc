#include <filesystem>
#include <system_error>

#include "lecter/config/config_loader.h"

namespace lecter {

std::string findDefaultConfigFile() {
  // The seed's own search order, relative to the current directory.
  for (const char* candidate : {"./config.yaml", "./conf/config.yaml", "./src/config.yaml"}) {
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
  }
  return {};
}

}  // namespace lecter
