#include "base64.h"

#include <cstdint>

namespace lecter {
namespace {

/// The 6-bit value of a base64 digit, or -1.
int digitValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool isSkipped(char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; }

}  // namespace

std::optional<std::string> decodeBase64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (const char c : text) {
    if (!isSkipped(c)) compact += c;
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < compact.size() && compact[compact.size() - 1 - padding] == '=') ++padding;
  const std::size_t digits = compact.size() - padding;

  std::string bytes;
  bytes.reserve(compact.size() / 4 * 3);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const int value = digitValue(compact[i]);
    if (value < 0) return std::nullopt;  // also a '=' inside the text
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      bytes += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  // The bits left over after the last whole byte must be zero in canonical base64.
  if ((bits & ((1U << bit_count) - 1U)) != 0) return std::nullopt;
  return bytes;
}

}  // namespace lecter
