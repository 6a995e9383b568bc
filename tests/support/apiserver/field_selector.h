#pragma once
/// The field selectors of a list or watch query (`fieldSelector=`), as fields.ParseSelector parses them
/// (`field=value`, `field==value`, `field!=value`, comma = AND) and as each kind's field label
/// conversion then accepts them:
/// - Service (pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForService): metadata.name,
///   metadata.namespace, spec.clusterIP, spec.type; another field is refused with
///   "field label not supported: FIELD";
/// - Endpoints and EndpointSlice register no conversion, so runtime.DefaultMetaV1FieldSelectorConversion
///   applies: metadata.name and metadata.namespace only; another field is refused with
///   "\"FIELD\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"".

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

class FieldSelector {
 public:
  struct Requirement {
    std::string field;   // e.g. metadata.name, spec.type
    bool equals = true;  // false for !=
    std::string value;
  };

  /// Parses `text` for objects of `kind` (Endpoints, Service, EndpointSlice); on bad syntax or a field
  /// the kind does not support returns nullopt and sets `error` to the message of the apiserver's 400.
  static std::optional<FieldSelector> parse(const std::string& text, const std::string& kind,
                                            std::string* error);

  /// Whether the object's fields satisfy every requirement (an absent field reads as "").
  [[nodiscard]] bool matches(const nlohmann::json& object) const;
  [[nodiscard]] const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace lecter::testing
