#include "lecter/kube/rest_kube_client.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "kube_response.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

/// Distinct warnings remembered; beyond this a chatty server cannot grow the list without end.
constexpr std::size_t kMaxRememberedWarnings = 64;

constexpr long kUnauthorized = 401;

// Where the Endpoints object's name sits in endpoint_api; Services and Events live beside it.
constexpr const char* kEndpointsSegment = "endpoints/myEndPoints";
constexpr const char* kDefaultServicePath = "/api/v1/namespaces/myNameSpaces/services/myEndPoints";
constexpr const char* kDefaultEventsPath = "/api/v1/namespaces/myNameSpaces/events";

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

RestKubeClient::RestKubeClient(HttpClient& http, TokenSource& tokens, RestKubeOptions options)
    : http_(http), tokens_(tokens), options_(std::move(options)) {}

std::string RestKubeClient::pathFor(const ObjectRef& ref) const {
  std::string path = options_.endpoint_api;
  replaceAll(path, "myNameSpaces", ref.ns);
  replaceAll(path, "myEndPoints", ref.name);
  return path;
}

std::string RestKubeClient::servicePathFor(const ObjectRef& ref) const {
  std::string path = options_.endpoint_api;
  const auto at = path.rfind(kEndpointsSegment);
  path = at == std::string::npos ? std::string(kDefaultServicePath)
                                 : path.replace(at, std::string_view("endpoints/").size(), "services/");
  replaceAll(path, "myNameSpaces", ref.ns);
  replaceAll(path, "myEndPoints", ref.name);
  return path;
}

std::string RestKubeClient::eventsPathFor(const std::string& ns) const {
  std::string path = options_.endpoint_api;
  const auto at = path.rfind(kEndpointsSegment);
  path = at == std::string::npos ? std::string(kDefaultEventsPath) : path.substr(0, at) + "events";
  replaceAll(path, "myNameSpaces", ns);
  return path;
}

KubeResult RestKubeClient::getEndpoints(const ObjectRef& ref) { return call("GET", pathFor(ref), {}); }

KubeResult RestKubeClient::getService(const ObjectRef& ref) { return call("GET", servicePathFor(ref), {}); }

KubeResult RestKubeClient::createEvent(const std::string& ns, const nlohmann::json& event) {
  return call("POST", eventsPathFor(ns), bodiesAreJson() ? event.dump() : toYaml(event));
}

KubeResult RestKubeClient::putEndpoints(const ObjectRef& ref, const nlohmann::json& object) {
  return call("PUT", pathFor(ref), bodiesAreJson() ? object.dump() : toYaml(object));
}

bool RestKubeClient::bodiesAreJson() const { return options_.content_type.rfind("application/json", 0) == 0; }

KubeResult RestKubeClient::call(const std::string& method, const std::string& path, const std::string& body) {
  HttpRequest request;
  request.method = method;
  request.path = path;
  request.timeout = options_.timeout;
  request.headers.emplace_back("Accept", "application/json");
  if (method != "GET") {
    request.body = body;
    request.headers.emplace_back("Content-Type", options_.content_type);
  }

  std::string token_error;
  HttpResponse response = sendAuthorized(request, &token_error);
  if (response.status == kUnauthorized) {
    // Bound service-account tokens rotate: read the file again at once and try one more time.
    tokens_.invalidate();
    response = sendAuthorized(request, &token_error);
  }

  KubeResult result = decodeKubeResponse(response);
  if (result.http_status == kUnauthorized && !token_error.empty()) {
    result.message +=
        (result.message.empty() ? "" : " ") + std::string("(no bearer token: ") + token_error + ")";
  }
  if (!result.ok()) log::debug("{} {}: {}", method, path, result.describe());
  return result;
}

HttpResponse RestKubeClient::sendAuthorized(HttpRequest request, std::string* token_error) {
  const std::string token = tokens_.token(token_error);
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  HttpResponse response = http_.send(request);
  noteWarnings(response);
  return response;
}

void RestKubeClient::noteWarnings(const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) {
    if (name != "warning" || value.empty()) continue;
    if (std::find(api_warnings_.begin(), api_warnings_.end(), value) != api_warnings_.end()) continue;
    if (api_warnings_.size() >= kMaxRememberedWarnings) return;
    api_warnings_.push_back(value);
    log::warn("the ApiServer warns: {}", value);
  }
}

}  // namespace lecter
