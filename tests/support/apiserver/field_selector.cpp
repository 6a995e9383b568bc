#include "support/apiserver/field_selector.h"

#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<FieldSelector> FieldSelector::parse(const std::string& text, std::string* error) {
  FieldSelector selector;
  if (text.empty()) return selector;
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
    if (requirement.field != "metadata.name" && requirement.field != "metadata.namespace") {
      *error = testing::quoted(requirement.field) +
               " is not a known field selector: only \"metadata.name\", " + "\"metadata.namespace\"";
      return std::nullopt;
    }
    selector.requirements_.push_back(std::move(requirement));
  }
  return selector;
}

bool FieldSelector::matches(const nlohmann::json& object) const {
  for (const Requirement& requirement : requirements_) {
    const nlohmann::json::json_pointer pointer(requirement.field == "metadata.name" ? "/metadata/name"
                                                                                    : "/metadata/namespace");
    const nlohmann::json* value = object.contains(pointer) ? &object.at(pointer) : nullptr;
    const std::string actual = value != nullptr && value->is_string() ? value->get<std::string>() : "";
    if ((actual == requirement.value) != requirement.equals) return false;
  }
  return true;
}

}  // namespace lecter::testing
