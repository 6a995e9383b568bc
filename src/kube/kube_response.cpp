#include "kube_response.h"

#include <cctype>
#include <string>

#include "bounded_json.h"
#include "lecter/base/one_line.h"
#include "lecter/kube/unreadable_answers.h"
#include "lecter/obs/secrets.h"

namespace lecter {
namespace {

KubeResult unusable(const std::string& request, const std::string& why) {
  // An answer we cannot use is reported like a missing one (status 0), so callers retry later and
  // never compute a write from it.
  countUnreadableAnswer();
  KubeResult result;
  result.reason = kInvalidResponse;
  result.message = secrets::redact(oneLine(request + ": " + why));
  return result;
}

}  // namespace

std::string bodyExcerpt(const std::string& body, std::size_t limit) {
  if (body.empty()) return "(empty body)";
  std::string excerpt;
  for (const char c : body) {
    if (excerpt.size() >= limit) {
      excerpt += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    // Keeps a log line one line, whatever the server sent.
    excerpt += (std::iscntrl(byte) != 0) ? ' ' : c;
  }
  return excerpt;
}

KubeResult decodeKubeResponse(const HttpResponse& response, const std::string& request,
                              const std::optional<ExpectedObject>& expected) {
  KubeResult result;
  if (response.transportFailed()) {
    result.message = response.error.empty() ? "no HTTP answer" : response.error;
    return result;
  }
  std::string parse_error;
  auto body = parseBoundedJson(response.body, &parse_error);
  if (response.status >= 200 && response.status < 300) {
    if (!body || !body->is_object()) {
      return unusable(request, "HTTP " + std::to_string(response.status) +
                                   " answer whose body is not a JSON object" +
                                   (parse_error.empty() ? "" : " (" + parse_error + ")") + ": " +
                                   bodyExcerpt(response.body));
    }
    if (expected) {
      if (auto problem = answerProblem(*body, *expected)) return unusable(request, *problem);
    }
    result.http_status = response.status;
    result.object = std::move(*body);
    return result;
  }
  result.http_status = response.status;
  const auto status = body ? statusOf(*body) : std::nullopt;
  // What the server says is quoted in logs and Events: a server (or proxy) that echoes the request
  // headers must not make lecter repeat its token.
  if (status) {
    result.reason = secrets::redact(oneLine(status->reason));
    result.message = secrets::redact(oneLine(status->message));
  } else {
    result.message = secrets::redact(bodyExcerpt(response.body));
  }
  return result;
}

}  // namespace lecter
