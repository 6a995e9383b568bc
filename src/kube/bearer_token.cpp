#include <cstdio>
#include <string>

#include "lecter/kube/token_source.h"

namespace lecter {

std::string trimmedToken(const std::string& text) {
  constexpr const char* kWhitespace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

std::string bearerTokenProblem(const std::string& token) {
  if (token.size() > kMaxTokenBytes) {
    return "is " + std::to_string(token.size()) + " bytes, more than " +
           std::to_string(kMaxTokenBytes / 1024) + " KiB";
  }
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02X", byte);
      return std::string("holds a control character (") + code + ")";
    }
  }
  return {};
}

}  // namespace lecter
