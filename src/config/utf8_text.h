#pragma once
/// Whether text is UTF-8, as JSON (and so every Kubernetes object) requires.

#include <string_view>

namespace lecter::config_internal {

/// Well-formed UTF-8 (RFC 3629): no stray continuation bytes, no overlong forms, no surrogates,
/// nothing above U+10FFFF.
bool isUtf8(std::string_view text);

}  // namespace lecter::config_internal
