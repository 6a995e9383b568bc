#include "label_annotation_changes.h"

#include <string_view>

#include "lecter/base/json_fields.h"

namespace lecter {

void addLabelAndAnnotationChanges(const nlohmann::json& desired, const nlohmann::json& live,
                                  std::vector<std::string>& changes) {
  const nlohmann::json& want_meta = jsonMember(desired, "metadata");
  const nlohmann::json& have_meta = jsonMember(live, "metadata");
  for (const char* key : {"labels", "annotations"}) {
    const nlohmann::json& wanted = jsonMember(want_meta, key);
    if (!wanted.is_object()) continue;
    const nlohmann::json& present = jsonMember(have_meta, key);
    for (const auto& [k, v] : wanted.items()) {
      if (jsonMember(present, k.c_str()) != v) {
        changes.push_back(std::string(std::string_view(key) == "labels" ? "label " : "annotation ") + k);
      }
    }
  }
}

}  // namespace lecter
