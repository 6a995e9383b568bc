#pragma once
/// The outcome of one ApiServer call, and the object it named.

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace lecter {

struct ObjectRef {
  std::string ns;
  std::string name;
};

/// A failed call carries the ApiServer's `Status` (reason, message) when it sent one, or the transport
/// error.
struct KubeResult {
  KubeResult() = default;
  KubeResult(long status, nlohmann::json answer, std::string status_reason, std::string status_message)
      : http_status(status),
        object(std::move(answer)),
        reason(std::move(status_reason)),
        message(std::move(status_message)) {}

  long http_status = 0;   // 0: no usable answer (transport error; reason InvalidResponse: unreadable body)
  nlohmann::json object;  // the object read or written, on success
  std::string reason;     // Status.reason, e.g. Conflict, NotFound, Unauthorized, Invalid
  std::string message;    // Status.message, or the transport error
  /// A 429 or 503 that said when to ask again (Retry-After, cut to a minute).
  std::optional<std::chrono::seconds> retry_after;

  [[nodiscard]] bool ok() const { return http_status >= 200 && http_status < 300; }
  [[nodiscard]] bool notFound() const { return http_status == 404; }
  [[nodiscard]] bool conflict() const { return http_status == 409; }
  /// "409 Conflict: …", "no answer from the ApiServer: …" or "unusable answer from the ApiServer: …",
  /// for log lines.
  [[nodiscard]] std::string describe() const;
};

}  // namespace lecter
