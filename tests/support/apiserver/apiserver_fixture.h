#pragma once
/// An ApiServer stand-in for tests, faithful to what lecter relies on (DESIGN.md, "Kubernetes facts to
/// honour"): HTTPS with a CA made at test time, bearer tokens (401/403), Endpoints GET/PUT with
/// resourceVersion (409 Status on a stale PUT, create on PUT of a missing object), 404 Status, 422 on
/// invalid objects (bad or loopback IP, empty subset), YAML and JSON request bodies, subsets regrouped
/// and sorted as the real server does, Service GET and Event POST (core_routes.h), and switches to
/// inject faults. Every behaviour cites the fact it copies in the .cpp.
///
/// Thread-safety: all public methods may be called from the test thread while the server runs.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/test_ca.h"

namespace lecter::testing {

/// One request as the fixture saw it.
struct RecordedRequest {
  std::string method;
  std::string path;          // without the query
  std::string query;         // raw, without '?'
  std::string content_type;  // of the body
  std::string body;
  int status = 0;                         // what the fixture answered; 0 when it dropped the connection
  std::string client_user;                // CN of the verified client certificate; empty without one
  std::string bearer_token;               // the token it presented; empty without one
  std::vector<std::string> header_names;  // every header the request came with, in lower case
  int client_port = 0;                    // the client's TCP port: requests over one connection share it
};

struct ApiServerOptions {
  bool tls = true;  // HTTPS with a CA made for this fixture
  /// Tokens that may read and write every Endpoints object.
  std::vector<std::string> tokens = {"test-token"};
  /// Tokens that are valid (no 401) but lack rights (403 Forbidden).
  std::vector<std::string> read_only_tokens = {};
  /// Mutual TLS: the server asks for a client certificate and verifies one signed by its client CA
  /// (clientCaFile()); a certificate signed by another CA fails the handshake; requests without one
  /// still authenticate by token. As the ApiServer's x509 authenticator, the CN is the user name.
  bool client_certificates = false;
  /// Users (certificate CNs) that may read and write every Endpoints object; others get 403.
  std::vector<std::string> certificate_users = {"lecter"};
  /// How long an idle watch stream waits before it looks again at its connection (a client that went
  /// away) and its timeoutSeconds. Every change, the test's own writes included, the watch switches
  /// and shutdown wake the streams at once, whatever this is.
  std::chrono::milliseconds watch_idle_check{100};
  /// Worker threads. httplib gives every open connection (a watch, a client's kept-alive one) a thread
  /// for its life, where Go's net/http has no such limit: more connections than this wait unserved.
  std::size_t worker_threads = 64;
};

class ApiServerFixture {
 public:
  explicit ApiServerFixture(ApiServerOptions options = {});
  ~ApiServerFixture();  // stops the server
  ApiServerFixture(const ApiServerFixture&) = delete;
  ApiServerFixture& operator=(const ApiServerFixture&) = delete;

  /// https://127.0.0.1:PORT (or http:// without TLS).
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::uint16_t port() const;
  /// PEM file of the CA that signed the server certificate (the one to trust).
  [[nodiscard]] std::string caFile() const;
  /// PEM file of another CA, that did not sign it (for "wrong CA" tests).
  [[nodiscard]] std::string otherCaFile() const;
  /// PEM file of the CA that signs client certificates (with options.client_certificates).
  [[nodiscard]] std::string clientCaFile() const;
  /// A new client certificate and key (PEM files) for `user` (the CN), signed by the client CA.
  [[nodiscard]] CertificateFiles makeClientCertificate(const std::string& user) const;

  // --- the stored objects, as another writer or an observer sees them -------------------------------
  /// The stored Endpoints object, or nullopt when absent.
  std::optional<nlohmann::json> endpoints(const std::string& ns, const std::string& name) const;
  /// Stores an object as another client would (validated, new resourceVersion); returns the stored
  /// object. Throws std::runtime_error when the fixture would have answered 422.
  nlohmann::json putEndpoints(const std::string& ns, const std::string& name, nlohmann::json object);
  void deleteEndpoints(const std::string& ns, const std::string& name);
  /// Ready IPs of the stored object (sorted), empty when absent.
  std::vector<std::string> readyIps(const std::string& ns, const std::string& name) const;

  /// Stores a v1 Service as `kubectl apply` would (kind, apiVersion, name, namespace, uid and
  /// resourceVersion filled in), e.g. {"spec":{"ports":[{"name":"pg","port":5432}]}}; lecter reads it
  /// with GET …/services/NAME (404 NotFound Status when absent). Returns the stored object.
  nlohmann::json putService(const std::string& ns, const std::string& name, nlohmann::json object);
  void deleteService(const std::string& ns, const std::string& name);
  /// The core/v1 Events POSTed to …/namespaces/NS/events and accepted (201), oldest first.
  [[nodiscard]] std::vector<nlohmann::json> events() const;

  /// discovery.k8s.io/v1 EndpointSlices (endpoint_slice_store.h has the rules): lecter creates them with
  /// POST …/namespaces/NS/endpointslices, reads, updates and deletes them at …/endpointslices/NAME.
  /// The slices of namespace `ns`, sorted by name.
  [[nodiscard]] std::vector<nlohmann::json> endpointSlices(const std::string& ns) const;
  /// The stored slice, or nullopt when absent.
  [[nodiscard]] std::optional<nlohmann::json> endpointSlice(const std::string& ns,
                                                            const std::string& name) const;
  /// Stores a slice as another writer would: creates it, or updates it unconditionally (validated, new
  /// resourceVersion, recorded in the change log). Returns the stored slice. Throws std::runtime_error
  /// when the fixture would have answered 422 (or 400).
  nlohmann::json putEndpointSlice(const std::string& ns, const std::string& name, nlohmann::json object);
  /// Deletes the slice if present (recorded as DELETED).
  void deleteEndpointSlice(const std::string& ns, const std::string& name);
  /// The endpoints of the slices labelled kubernetes.io/service-name=`service`, whatever slice holds
  /// them: address → ready (a missing `ready` condition counts as ready, as consumers read it).
  [[nodiscard]] std::map<std::string, bool> sliceEndpoints(const std::string& ns,
                                                           const std::string& service) const;

  /// The coordination.k8s.io/v1 Lease ns/name (lease_store.h has the rules), or nullopt when absent.
  [[nodiscard]] std::optional<nlohmann::json> lease(const std::string& ns, const std::string& name) const;

  // --- faults --------------------------------------------------------------------------------------
  /// The next `count` requests get `status` with a Status body (e.g. 500 InternalError).
  void failNext(int count, int status);
  /// Every request fails with `status` until clearFaults().
  void failAll(int status);
  /// Each request is answered only after `delay`.
  void delayResponses(std::chrono::milliseconds delay);
  /// Each write (any method but GET) is answered only after `delay`, as etcd's commit delays a real
  /// ApiServer's writes (about 5 ms on a small machine); writes in flight together wait side by side.
  void delayWrites(std::chrono::milliseconds delay);
  /// Writes to paths starting with `path_prefix` are not answered until clearFaults() (or the end):
  /// a write that hangs.
  void hangWrites(const std::string& path_prefix);
  /// Requests that present `token` on paths starting with `path_prefix` get no answer until
  /// clearFaults(), and are then dropped unapplied: that client is cut off from the server there (a
  /// replica whose Lease renewals never arrive), while its other requests go on.
  void ignoreRequestsOf(const std::string& token, const std::string& path_prefix);
  /// Each request waits (at most 10 s) until `count` requests are being handled at once, so a client
  /// that sends them one after another is seen as such: maxConcurrentRequests() stays 1.
  void gatherRequests(std::size_t count);
  /// The most requests being handled at the same moment since the start (a watch counts until its
  /// stream begins).
  [[nodiscard]] std::size_t maxConcurrentRequests() const;
  /// The next `count` requests are answered by closing the connection without a response.
  void dropNext(int count);
  /// Before the next PUT of ns/name is applied, another writer changes the object (adds
  /// `metadata.labels[label_key] = label_value` and bumps the resourceVersion), so that PUT gets 409.
  void conflictOnNextPut(const std::string& ns, const std::string& name, const std::string& label_key,
                         const std::string& label_value);
  // Hostile or broken answers (DESIGN.md: "ApiServer answers are untrusted input"): each stays until
  // clearFaults().
  /// The next `count` requests with `method` on a path starting with `path_prefix` are answered with
  /// `status` and exactly `body`, whatever it is: another kind, fields of other types, deep nesting.
  void answerRawNext(int count, const std::string& method, const std::string& path_prefix, int status,
                     std::string body);
  /// Every 2xx answer to `method` on a path starting with `path_prefix` (not watch streams) goes
  /// through `mangle` before it is sent, e.g. metadata.resourceVersion turned into a number.
  void mangleAnswers(const std::string& method, const std::string& path_prefix,
                     std::function<void(nlohmann::json&)> mangle);
  /// Error answers quote the request's headers in their Status message, Authorization included, as a
  /// careless proxy or a debugging build does.
  void echoHeadersInErrors();
  /// Every watch request is answered at once with one ERROR event (410 Expired) and ends, whatever its
  /// resourceVersion: the server lecter must not hammer with LIST after LIST.
  void expireEveryWatch();
  void clearFaults();

  // --- lists and watches (collection_routes.h, watch_streams.h) -----------------------------------
  // GET …/namespaces/NS/endpoints, …/services and /apis/discovery.k8s.io/v1/namespaces/NS/endpointslices
  // list the objects (labelSelector, fieldSelector) with the current resourceVersion; with watch=1 they
  // stream one JSON event per line from resourceVersion=RV (or synthetic ADDED events from "" and "0"),
  // with allowWatchBookmarks and timeoutSeconds. Every write, the test's own included, is an event.
  // A watch request is recorded in requests() when it starts (status 200).
  /// Compacts the change history: every open watch gets an ERROR event with a 410 Expired Status and
  /// ends; a later watch from any resourceVersion up to now gets the same. A list made afterwards
  /// returns a resourceVersion that can be watched from.
  void expireWatchHistory();
  /// Closes every open watch connection at once, without an event (as a dropped connection).
  void dropWatches();
  /// Each open watch that asked for allowWatchBookmarks gets a BOOKMARK with the current resourceVersion.
  void sendBookmarks();
  /// How many watch streams are open now.
  [[nodiscard]] std::size_t openWatches() const;
  /// How many watch requests were started since the fixture began (clearRequests() leaves it).
  [[nodiscard]] std::size_t watchRequests() const;
  /// The newest resourceVersion handed out (what a list would return now).
  [[nodiscard]] std::string currentResourceVersion() const;

  // --- what happened -------------------------------------------------------------------------------
  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  [[nodiscard]] std::size_t requestCount() const;
  /// Requests that arrived, answered or not yet (a delayed one counts as soon as it is read).
  [[nodiscard]] std::size_t arrivedRequests() const;
  void clearRequests();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter::testing
