#include "lecter/kube/kube_result.h"

#include <string>

namespace lecter {
namespace {

/// The reason Kubernetes gives for a status code, for answers that carried no Status object.
std::string reasonForStatus(long status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return {};
  }
}

}  // namespace

std::string KubeResult::describe() const {
  if (http_status == 0) {
    // A reason without a status code means an answer came but could not be used (see RestKubeClient).
    const std::string prefix =
        reason.empty() ? "no answer from the ApiServer" : "unusable answer from the ApiServer";
    return prefix + ": " + (message.empty() ? std::string("unknown error") : message);
  }
  std::string text = std::to_string(http_status);
  const std::string shown_reason = reason.empty() ? reasonForStatus(http_status) : reason;
  if (!shown_reason.empty()) text += " " + shown_reason;
  if (!message.empty()) text += ": " + message;
  return text;
}

}  // namespace lecter
