#pragma once
// The HTTP status codes the kube module's files test for, named once (the sanitizer builds compile
// several files as one, so each may not name them again). Internal to the kube module.

namespace lecter::http_status {

inline constexpr long kOk = 200;
inline constexpr long kCreated = 201;
inline constexpr long kUnauthorized = 401;
inline constexpr long kNotFound = 404;
inline constexpr long kGone = 410;
inline constexpr long kTooManyRequests = 429;
inline constexpr long kServiceUnavailable = 503;

}  // namespace lecter::http_status
