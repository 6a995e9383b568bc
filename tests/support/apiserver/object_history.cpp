#include "support/apiserver/object_history.h"

namespace lecter::testing {

std::string ObjectHistory::nextResourceVersion() { return std::to_string(++current_); }

void ObjectHistory::record(const std::string& resource, const std::string& type,
                           const nlohmann::json& object) {
  const std::string version = object.value("/metadata/resourceVersion"_json_pointer, std::string("0"));
  changes_.push_back(ObjectChange{std::stoull(version), resource, type, object});
}

}  // namespace lecter::testing
