#pragma once
/// The robots' signatures, worked out by the test itself from their documentation, to check lecter's.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <string>

namespace lecter::testing {

inline std::string expectedHmacBase64(const std::string& key, const std::string& message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &length);
  std::array<unsigned char, 128> text{};
  const int written = EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(length));
  return {reinterpret_cast<const char*>(text.data()), static_cast<std::size_t>(written)};
}

/// DingTalk: sign = urlEncode(Base64(HMAC-SHA256(secret, timestamp + "\n" + secret))).
inline std::string expectedDingTalkSign(const std::string& timestamp_ms, const std::string& secret) {
  std::string sign;
  for (const char c : expectedHmacBase64(secret, timestamp_ms + "\n" + secret)) {
    if (c == '+') {
      sign += "%2B";
    } else if (c == '/') {
      sign += "%2F";
    } else if (c == '=') {
      sign += "%3D";
    } else {
      sign += c;
    }
  }
  return sign;
}

/// Feishu: sign = Base64(HMAC-SHA256(timestamp + "\n" + secret, "")).
inline std::string expectedFeishuSign(const std::string& timestamp_s, const std::string& secret) {
  return expectedHmacBase64(timestamp_s + "\n" + secret, "");
}

}  // namespace lecter::testing
