#pragma once
/// Secrets lecter holds (the bearer token, the Redis password) and must never show. Text from outside
/// — a Status message, a proxy's error page, a Redis reply — may echo one back (a server that repeats
/// the Authorization header), so every log line and every Event message passes through redact() first.
/// Thread-safe: the token is re-read on the cycle's thread while watch threads log.

#include <string>
#include <string_view>

namespace lecter::secrets {

/// What a secret is replaced with.
inline constexpr std::string_view kRedacted = "[redacted]";

/// Remembers `secret` for redact(), for as long as the process runs (the Redis password, a robot's
/// URL). Texts shorter than 4 characters are not remembered (hiding every "a" would make logs
/// unreadable and protect nothing).
void remember(std::string_view secret);

/// Remembers a secret that is replaced from time to time (the service account's token, re-read as the
/// kubelet rotates it): only the 32 newest of them are kept, so rotations do not pile up, and they
/// never push out what remember() keeps.
void rememberRotating(std::string_view secret);

/// Forgets every secret (tests).
void forgetAll();

/// `text` with every remembered secret replaced by kRedacted.
std::string redact(std::string_view text);

}  // namespace lecter::secrets
