#include <cstdio>
#include <string>

#include "lecter/kube/token_source.h"

namespace lecter {

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
