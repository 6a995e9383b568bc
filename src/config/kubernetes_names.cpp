#include "kubernetes_names.h"

#include <cstddef>

namespace lecter::config_internal {
namespace {

bool isLowerAlphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])? without a length limit.
bool isLabelShape(std::string_view text) {
  if (text.empty() || !isLowerAlphanumeric(text.front()) || !isLowerAlphanumeric(text.back())) return false;
  for (const char c : text) {
    if (!isLowerAlphanumeric(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

bool isDns1123Label(std::string_view text) { return text.size() <= 63 && isLabelShape(text); }

bool isDns1123Subdomain(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    if (!isLabelShape(
            text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace lecter::config_internal
