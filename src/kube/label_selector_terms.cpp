#include "lecter/kube/label_selector_terms.h"

#include <string_view>

#include "lecter/base/json_fields.h"

namespace lecter {
namespace {

std::string trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::optional<LabelTerms> equalityTerms(const std::string& selector) {
  LabelTerms terms;
  std::string_view rest = selector;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view term = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto equals = term.find('=');
    if (equals == std::string_view::npos || equals == 0 || term[equals - 1] == '!') return std::nullopt;
    const std::size_t value_at =
        equals + 1 < term.size() && term[equals + 1] == '=' ? equals + 2 : equals + 1;
    const std::string key = trimmed(term.substr(0, equals));
    const std::string value = trimmed(term.substr(value_at));
    if (key.empty() || key.find_first_of(" !()") != std::string::npos ||
        value.find_first_of(" =!()") != std::string::npos)
      return std::nullopt;
    terms[key] = value;
  }
  return terms;
}

bool carriesLabels(const nlohmann::json& object, const LabelTerms& terms) {
  if (terms.empty()) return true;
  const nlohmann::json& labels = jsonMember(jsonMember(object, "metadata"), "labels");
  for (const auto& [key, value] : terms) {
    const nlohmann::json& label = jsonMember(labels, key.c_str());
    if (!label.is_string() || label.get_ref<const std::string&>() != value) return false;
  }
  return true;
}

}  // namespace lecter
