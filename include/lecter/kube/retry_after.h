#pragma once
/// The wait an overloaded ApiServer asks for: API Priority and Fairness answers 429 Too Many Requests
/// with `Retry-After: SECONDS`, and a server that is shedding load may send 503 with the same header.
/// Robots (Slack) and webhooks behind a proxy answer 429 the same way.

#include <chrono>
#include <optional>

#include "lecter/kube/http_client.h"

namespace lecter {

/// The seconds of `response`'s Retry-After when it is a 429 or 503 that carries a plain number.
std::optional<std::chrono::seconds> retryAfterOf(const HttpResponse& response);

}  // namespace lecter
