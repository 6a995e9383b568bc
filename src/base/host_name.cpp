#include "lecter/base/host_name.h"

#include <unistd.h>

#include <array>

namespace lecter {

std::string hostName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "unknown";
  return std::string(name.data());
}

}  // namespace lecter
