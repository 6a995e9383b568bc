#pragma once
/// The ApiServer over HTTP: paths from `endpointapi`, bearer token, bodies in the configured content
/// type, every answer decoded and checked (answer_decoding.h), Status objects decoded from errors, one
/// retry after a 401 with a re-read token. The writers' calls (KubeCalls) go out together through
/// HttpClient::start(); Service reads and Events one at a time through HttpClient::send(). The
/// ApiServer's `Warning` headers (e.g. the v1 Endpoints deprecation) are logged once each.
/// Not thread-safe: one instance per thread, like the HttpClient under it.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/kube/answer_decoding.h"
#include "lecter/kube/events_api.h"
#include "lecter/kube/http_client.h"
#include "lecter/kube/kube_calls.h"
#include "lecter/kube/leases_api.h"
#include "lecter/kube/services_api.h"
#include "lecter/kube/token_source.h"

namespace lecter {

struct RestKubeOptions {
  std::string endpoint_api = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";
  std::string content_type = "application/yaml";  // of PUT bodies: application/yaml or application/json
  std::chrono::milliseconds timeout{10000};
  /// For Retry-After: after a 429 (or 503) that carries one, no Service read or Event is sent until it
  /// has passed (a writer's call carries it in KubeResult::retry_after instead: its caller waits, the
  /// other services' writes go on). Without a clock nothing is held.
  const Clock* clock = nullptr;
  /// Told of every request's end: its method, the answer's status (0: none came) and how long it
  /// took. For metrics and readiness; runs on the thread that made the request.
  std::function<void(const std::string& method, long status, std::chrono::microseconds elapsed)> on_answer;
};

class RestKubeClient final : public KubeCalls, public ServicesApi, public EventsApi, public LeasesApi {
 public:
  RestKubeClient(HttpClient& http, TokenSource& tokens, RestKubeOptions options);
  void start(const KubeCall& call, KubeDone done) override;
  std::size_t poll(std::chrono::milliseconds max_wait) override;
  KubeResult getService(const ObjectRef& ref) override;
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override;
  KubeResult getLease(const ObjectRef& ref) override;
  KubeResult createLease(const ObjectRef& ref, const nlohmann::json& lease) override;
  KubeResult updateLease(const ObjectRef& ref, const nlohmann::json& lease) override;
  KubeResult listLeases(const std::string& ns, const std::string& label_selector) override;

  // One call, waiting for its result (callAndWait): for tools and tests.
  KubeResult getEndpoints(const ObjectRef& ref) { return callAndWait(*this, KubeCall::getEndpoints(ref)); }
  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) {
    return callAndWait(*this, KubeCall::putEndpoints(ref, object));
  }
  KubeResult listEndpointSlices(const std::string& ns, const std::string& label_selector) {
    return callAndWait(*this, KubeCall::listEndpointSlices(ObjectRef{ns, ""}, label_selector));
  }
  KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) {
    return callAndWait(*this, KubeCall::createEndpointSlice(ns, object));
  }
  KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) {
    return callAndWait(*this, KubeCall::putEndpointSlice(ref, object));
  }
  KubeResult deleteEndpointSlice(const ObjectRef& ref) {
    return callAndWait(*this, KubeCall::deleteEndpointSlice(ref));
  }

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
  /// The namespace's Lease collection, /apis/coordination.k8s.io/v1/namespaces/NS/leases, behind the
  /// same prefix.
  [[nodiscard]] std::string leasesPathFor(const std::string& ns) const;

  /// The distinct `Warning` header values the ApiServer sent so far, in order; each was logged once.
  [[nodiscard]] const std::vector<std::string>& apiWarnings() const { return api_warnings_; }

 private:
  /// A request as it goes out, and what its 2xx answer must be (answer_decoding.h).
  struct Prepared {
    std::string method;
    std::string path;
    std::string body;
    ExpectedObject expected;
  };
  /// The request of a writer's call (rest_endpoint_slices.cpp for the EndpointSlice verbs).
  [[nodiscard]] Prepared prepare(const KubeCall& call) const;
  [[nodiscard]] Prepared prepareSliceCall(const KubeCall& call) const;
  /// One request sent and waited for, unless a Retry-After holds it.
  KubeResult call(const Prepared& prepared);
  [[nodiscard]] HttpRequest requestFor(const Prepared& prepared) const;
  /// `request` with the bearer token; `token_error` says why there is none.
  HttpRequest authorized(HttpRequest request, std::string* token_error);
  HttpResponse sendAuthorized(const HttpRequest& request, std::string* token_error);
  /// Sends `request` with start(); after a 401, once more with a re-read token.
  void startAuthorized(const HttpRequest& request, bool retried_401,
                       std::function<void(HttpResponse, std::string)> done);
  /// The result of `response` to `prepared`.
  KubeResult finish(const HttpResponse& response, const Prepared& prepared, const std::string& token_error);
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

}  // namespace lecter
