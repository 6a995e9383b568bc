#include "lecter/kube/rest_kube_client.h"

#include "http_status.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "kube_response.h"
#include "lecter/kube/retry_after.h"
#include "lecter/kube/to_yaml.h"
#include "lecter/obs/log.h"
#include "lecter/obs/secrets.h"

namespace lecter {

using http_status::kUnauthorized;
namespace {

/// Distinct warnings remembered; beyond this a chatty server cannot grow the list without end.
constexpr std::size_t kMaxRememberedWarnings = 64;

/// A longer Retry-After is cut to this: the next cycle asks again.
constexpr std::chrono::seconds kMaxRetryAfter{60};

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

RestKubeClient::Prepared RestKubeClient::prepare(const KubeCall& call) const {
  const ObjectRef& ref = call.ref;
  switch (call.verb) {
    case KubeVerb::GetEndpoints:
      return {"GET", pathFor(ref), {}, ExpectedObject{ObjectKind::Endpoints, ref.ns, ref.name}};
    case KubeVerb::PutEndpoints:
      return {"PUT", pathFor(ref), encoded(call.object),
              ExpectedObject{ObjectKind::Endpoints, ref.ns, ref.name}};
    default:
      return prepareSliceCall(call);
  }
}

KubeResult RestKubeClient::getService(const ObjectRef& ref) {
  return call({"GET", servicePathFor(ref), {}, ExpectedObject{ObjectKind::Service, ref.ns, ref.name}});
}

KubeResult RestKubeClient::createEvent(const std::string& ns, const nlohmann::json& event) {
  return call({"POST", eventsPathFor(ns), encoded(event), ExpectedObject{ObjectKind::Event, ns, ""}});
}

std::string RestKubeClient::encoded(const nlohmann::json& object) const {
  return options_.content_type.rfind("application/json", 0) == 0 ? object.dump() : toYaml(object);
}

HttpRequest RestKubeClient::requestFor(const Prepared& prepared) const {
  HttpRequest request;
  request.method = prepared.method;
  request.path = prepared.path;
  request.timeout = options_.timeout;
  request.headers.emplace_back("Accept", "application/json");
  if (prepared.method != "GET") {
    request.body = prepared.body;
    request.headers.emplace_back("Content-Type", options_.content_type);
  }
  return request;
}

KubeResult RestKubeClient::call(const Prepared& prepared) {
  if (hold_until_ && options_.clock != nullptr) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(*hold_until_ - options_.clock->now());
    if (left.count() > 0) {
      return KubeResult{0, nullptr, "TooManyRequests",
                        prepared.method + " " + prepared.path +
                            ": not sent, the ApiServer asked to wait (Retry-After, " +
                            std::to_string(left.count()) + " s left)"};
    }
    hold_until_.reset();
  }
  const HttpRequest request = requestFor(prepared);
  std::string token_error;
  HttpResponse response = sendAuthorized(request, &token_error);
  if (response.status == kUnauthorized) {
    // Bound service-account tokens rotate: read the file again at once and try one more time.
    tokens_.invalidate();
    response = sendAuthorized(request, &token_error);
  }
  noteRetryAfter(response);
  return finish(response, prepared, token_error);
}

void RestKubeClient::start(const KubeCall& kube_call, KubeDone done) {
  Prepared prepared = prepare(kube_call);
  const HttpRequest request = requestFor(prepared);
  startAuthorized(
      request, false,
      [this, prepared = std::move(prepared), done = std::move(done)](
          HttpResponse response, std::string token_error) { done(finish(response, prepared, token_error)); });
}

std::size_t RestKubeClient::poll(std::chrono::milliseconds max_wait) { return http_.poll(max_wait); }

void RestKubeClient::startAuthorized(const HttpRequest& request, bool retried_401,
                                     std::function<void(HttpResponse, std::string)> done) {
  std::string token_error;
  HttpRequest sent = authorized(request, &token_error);
  http_.start(sent, [this, request, retried_401, token_error, done = std::move(done)](HttpResponse response) {
    noteWarnings(response);
    if (response.status == kUnauthorized && !retried_401) {
      // Bound service-account tokens rotate: read the file again at once and try one more time.
      tokens_.invalidate();
      startAuthorized(request, true, done);
      return;
    }
    done(std::move(response), token_error);
  });
}

KubeResult RestKubeClient::finish(const HttpResponse& response, const Prepared& prepared,
                                  const std::string& token_error) {
  if (options_.on_answer) options_.on_answer(prepared.method, response.status, response.elapsed);
  KubeResult result = decodeKubeResponse(response, prepared.method + " " + prepared.path, prepared.expected);
  if (result.http_status == kUnauthorized && !token_error.empty()) {
    if (!result.message.empty()) result.message += ' ';
    result.message += "(no bearer token: " + token_error + ")";
  }
  if (const auto asked = retryAfterOf(response)) result.retry_after = std::min(*asked, kMaxRetryAfter);
  if (!result.ok()) log::debug("{} {}: {}", prepared.method, prepared.path, result.describe());
  return result;
}

HttpRequest RestKubeClient::authorized(HttpRequest request, std::string* token_error) {
  const std::string token = tokens_.token(token_error);
  secrets::rememberRotating(token);  // before any answer that might echo it can be logged
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  return request;
}

HttpResponse RestKubeClient::sendAuthorized(const HttpRequest& request, std::string* token_error) {
  HttpResponse response = http_.send(authorized(request, token_error));
  noteWarnings(response);
  return response;
}

void RestKubeClient::noteRetryAfter(const HttpResponse& response) {
  const auto asked = retryAfterOf(response);
  if (options_.clock == nullptr || !asked) return;
  const auto wait = std::min(*asked, kMaxRetryAfter);
  hold_until_ = options_.clock->now() + wait;
  log::warn("the ApiServer asks lecter to wait {} s (HTTP {} Retry-After)", wait.count(), response.status);
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
