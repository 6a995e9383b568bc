#include "lecter/health/target_id.h"

namespace lecter {

std::string TargetId::endpoint() const {
  const bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

std::string TargetId::key() const { return service + "/" + endpoint(); }

}  // namespace lecter
