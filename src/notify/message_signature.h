#pragma once
/// The signature DingTalk and Feishu robots check: HMAC-SHA256, in standard Base64. OpenSSL (which
/// libcurl links already) does the hashing; no cryptography is written here.

#include <string>
#include <string_view>

namespace lecter {

/// Base64(HMAC-SHA256(key, message)).
std::string hmacSha256Base64(std::string_view key, std::string_view message);

}  // namespace lecter
