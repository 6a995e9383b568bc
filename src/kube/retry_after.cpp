#include "lecter/kube/retry_after.h"

#include "http_status.h"

#include <algorithm>
#include <string>

namespace lecter {

using http_status::kServiceUnavailable;
using http_status::kTooManyRequests;
namespace {

/// More digits than any sensible wait: such a value is ignored rather than overflowed.
constexpr std::size_t kMaxDigits = 6;

}  // namespace

std::optional<std::chrono::seconds> retryAfterOf(const HttpResponse& response) {
  if (response.status != kTooManyRequests && response.status != kServiceUnavailable) return std::nullopt;
  const std::string value = response.header("retry-after");
  // The HTTP-date form is not used by the ApiServer; only delay-seconds is read.
  if (value.empty() || value.size() > kMaxDigits ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::chrono::seconds(std::stoll(value));
}

}  // namespace lecter
