#include "kube_response.h"

#include <cctype>
#include <string>

namespace lecter {
namespace {

std::string stringField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

/// A Kubernetes Status object (kind Status), as every ApiServer error carries.
bool isStatusObject(const nlohmann::json& body) {
  return body.is_object() && stringField(body, "kind") == "Status";
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

KubeResult decodeKubeResponse(const HttpResponse& response) {
  KubeResult result;
  if (response.transportFailed()) {
    result.message = response.error.empty() ? "no HTTP answer" : response.error;
    return result;
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (response.status >= 200 && response.status < 300) {
    if (!body.is_object()) {
      // An answer we cannot use is reported like a missing one (status 0), so callers retry later.
      result.reason = "InvalidResponse";
      result.message = "HTTP " + std::to_string(response.status) +
                       " answer whose body is not a JSON object: " + bodyExcerpt(response.body);
      return result;
    }
    result.http_status = response.status;
    result.object = body;
    return result;
  }
  result.http_status = response.status;
  if (isStatusObject(body)) {
    result.reason = stringField(body, "reason");
    result.message = stringField(body, "message");
  } else {
    result.message = bodyExcerpt(response.body);
  }
  return result;
}

}  // namespace lecter
