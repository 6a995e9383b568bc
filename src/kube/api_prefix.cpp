#include "api_prefix.h"

namespace lecter {

std::string apiPrefixOf(const std::string& endpoint_api) {
  const auto at = endpoint_api.find("/api/v1/");
  return at == std::string::npos ? std::string() : endpoint_api.substr(0, at);
}

}  // namespace lecter
