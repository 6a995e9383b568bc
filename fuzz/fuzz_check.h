#pragma once
/// What the fuzz targets check beyond "does not crash". A broken property aborts with a message on
/// stderr; libFuzzer counts that as a crash and keeps the input that did it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace lecter::fuzz {

/// Aborts when `holds` is false; `what` says which property broke.
inline void check(bool holds, std::string_view what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

/// The fuzzer's bytes as text.
inline std::string inputText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// No control character (a newline would split a log line, an escape sequence would rewrite the
/// terminal); UTF-8 and other bytes above 0x7f are allowed.
inline bool isOneLine(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace lecter::fuzz
