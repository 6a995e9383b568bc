#include "support/apiserver/field_selector.h"

#include <algorithm>

#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

/// The field label conversion of `kind`: nullopt when it accepts `field`, else the error it returns.
std::optional<std::string> fieldLabelProblem(const std::string& kind, const std::string& field) {
  if (field == "metadata.name" || field == "metadata.namespace") return std::nullopt;
  if (kind == "Service") {
    if (field == "spec.clusterIP" || field == "spec.type") return std::nullopt;
    return "field label not supported: " + field;
  }
  return quoted(field) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
}

/// "spec.clusterIP" → "/spec/clusterIP".
nlohmann::json::json_pointer pointerTo(const std::string& field) {
  std::string pointer = "/" + field;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return nlohmann::json::json_pointer(pointer);
}

}  // namespace

std::optional<FieldSelector> FieldSelector::parse(const std::string& text, const std::string& kind,
                                                  std::string* error) {
  FieldSelector selector;
  if (text.empty()) return selector;
  // fields.ParseSelector reads every term first; the field labels are converted afterwards
  // (handlers/get.go ListResource: opts.FieldSelector.Transform(ConvertFieldLabel)).
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string term = text.substr(start, comma - start);
    start = comma + 1;
    // fields.parseSelector tries "!=", then "==", then "=" in each term.
    Requirement requirement;
    std::size_t op = term.find("!=");
    std::size_t op_length = 2;
    requirement.equals = op == std::string::npos;
    if (requirement.equals) op = term.find("==");
    if (requirement.equals && op == std::string::npos) {
      op = term.find('=');
      op_length = 1;
    }
    if (op == std::string::npos) {
      *error = "invalid selector: '" + text + "'; can't understand '" + term + "'";
      return std::nullopt;
    }
    requirement.field = term.substr(0, op);
    requirement.value = term.substr(op + op_length);
    selector.requirements_.push_back(std::move(requirement));
  }
  for (const Requirement& requirement : selector.requirements_) {
    if (auto problem = fieldLabelProblem(kind, requirement.field)) {
      *error = *problem;
      return std::nullopt;
    }
  }
  return selector;
}

bool FieldSelector::matches(const nlohmann::json& object) const {
  for (const Requirement& requirement : requirements_) {
    const nlohmann::json::json_pointer pointer = pointerTo(requirement.field);
    const nlohmann::json* value = object.contains(pointer) ? &object.at(pointer) : nullptr;
    const std::string actual = value != nullptr && value->is_string() ? value->get<std::string>() : "";
    if ((actual == requirement.value) != requirement.equals) return false;
  }
  return true;
}

}  // namespace lecter::testing
