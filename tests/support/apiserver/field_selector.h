#pragma once
/// The field selectors of a list or watch query (`fieldSelector=`), as far as the fixture's kinds
/// support them: `metadata.name` and `metadata.namespace` with `=`, `==` or `!=`, comma = AND, the set
/// that runtime.DefaultMetaV1FieldSelectorConversion accepts (Endpoints and EndpointSlices register
/// no other field labels).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

class FieldSelector {
 public:
  struct Requirement {
    std::string field;   // metadata.name or metadata.namespace
    bool equals = true;  // false for !=
    std::string value;
  };

  /// Parses `text`; on bad syntax or an unsupported field returns nullopt and sets `error` to the
  /// message of the apiserver's 400 (fields.ParseSelector, then the field label conversion).
  static std::optional<FieldSelector> parse(const std::string& text, std::string* error);

  /// Whether the object's metadata satisfy every requirement.
  [[nodiscard]] bool matches(const nlohmann::json& object) const;
  [[nodiscard]] const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace lecter::testing
