#pragma once
/// KubeClient over HTTP: paths from `endpointapi`, bearer token, bodies in the configured content
/// type, Status objects decoded from errors, one retry after a 401 with a re-read token. The
/// ApiServer's `Warning` headers (e.g. the v1 Endpoints deprecation) are logged once each.
/// Not thread-safe: one instance per thread, like the HttpClient under it.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/kube/answer_decoding.h"
#include "lecter/kube/http_client.h"
#include "lecter/kube/kube_client.h"
#include "lecter/kube/token_source.h"

namespace lecter {

struct RestKubeOptions {
  std::string endpoint_api = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";
  std::string content_type = "application/yaml";  // of PUT bodies: application/yaml or application/json
  std::chrono::milliseconds timeout{10000};
  /// For Retry-After: after a 429 (or 503) that carries one, no request is sent until it has passed.
  /// Without a clock nothing is held.
  const Clock* clock = nullptr;
};

class RestKubeClient final : public KubeClient {
 public:
  RestKubeClient(HttpClient& http, TokenSource& tokens, RestKubeOptions options);
  KubeResult getEndpoints(const ObjectRef& ref) override;
  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) override;
  KubeResult getService(const ObjectRef& ref) override;
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override;
  // EndpointSlices: defined in rest_endpoint_slices.cpp.
  KubeResult listEndpointSlices(const std::string& ns, const std::string& label_selector) override;
  KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) override;
  KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) override;
  KubeResult deleteEndpointSlice(const ObjectRef& ref) override;

  /// endpoint_api with myNameSpaces and myEndPoints replaced.
  [[nodiscard]] std::string pathFor(const ObjectRef& ref) const;
  /// The Service's path: endpoint_api with `endpoints/` turned into `services/` (so a prefix before
  /// /api/v1 is kept), or /api/v1/namespaces/NS/services/NAME when it has no `endpoints/myEndPoints`.
  [[nodiscard]] std::string servicePathFor(const ObjectRef& ref) const;
  /// The namespace's events collection, found the same way: …/namespaces/NS/events.
  [[nodiscard]] std::string eventsPathFor(const std::string& ns) const;
  /// The namespace's EndpointSlice collection, /apis/discovery.k8s.io/v1/namespaces/NS/endpointslices,
  /// behind the prefix endpoint_api has before /api/v1 (a proxy path is kept).
  [[nodiscard]] std::string endpointSlicesPathFor(const std::string& ns) const;

  /// The distinct `Warning` header values the ApiServer sent so far, in order; each was logged once.
  [[nodiscard]] const std::vector<std::string>& apiWarnings() const { return api_warnings_; }

 private:
  /// One request; a 2xx answer must be the `expected` object (answer_decoding.h).
  KubeResult call(const std::string& method, const std::string& path, const std::string& body,
                  const ExpectedObject& expected);
  HttpResponse sendAuthorized(HttpRequest request, std::string* token_error);
  void noteWarnings(const HttpResponse& response);
  /// Starts a hold when `response` is a 429 or 503 with Retry-After (seconds, at most a minute).
  void noteRetryAfter(const HttpResponse& response);
  /// `object` in the configured content type.
  [[nodiscard]] std::string encoded(const nlohmann::json& object) const;

  HttpClient& http_;
  TokenSource& tokens_;
  RestKubeOptions options_;
  std::vector<std::string> api_warnings_;
  std::optional<SteadyTime> hold_until_;  // a Retry-After that has not passed yet
};

/// An object as YAML text (for application/yaml bodies and --dry-run output).
std::string toYaml(const nlohmann::json& object);

}  // namespace lecter
