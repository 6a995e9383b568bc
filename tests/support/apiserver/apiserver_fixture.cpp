#include "support/apiserver/apiserver_fixture.h"

#include <httplib.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstddef>
#include <ctime>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "support/apiserver/client_certificate.h"
#include "support/apiserver/collection_routes.h"
#include "support/apiserver/connection_drop.h"
#include "support/apiserver/core_routes.h"
#include "support/apiserver/endpoint_slice_routes.h"
#include "support/apiserver/endpoint_slice_store.h"
#include "support/apiserver/endpoints_store.h"
#include "support/apiserver/httplib_warm_up.h"
#include "support/apiserver/lease_routes.h"
#include "support/apiserver/object_history.h"
#include "support/apiserver/request_body.h"
#include "support/apiserver/resource_path.h"
#include "support/apiserver/status.h"
#include "support/apiserver/test_ca.h"
#include "support/apiserver/watch_streams.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

// Kubernetes 1.33+ marks v1 Endpoints deprecated and says so in a Warning header (RFC 7234 code 299).
constexpr const char* kDeprecationWarning =
    "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";
// The user the authorizer names in a 403 for a read-only token.
constexpr const char* kReadOnlyUser = "system:serviceaccount:lecter-test:read-only";
// Go's http.Server has no per-connection request limit; httplib needs one, so one no test reaches.
constexpr std::size_t kRequestsPerConnection = 1'000'000;
constexpr std::time_t kIdleTimeoutSeconds = 90;

struct Reply {
  Reply() = default;
  Reply(int code_, json body_, std::shared_ptr<WatchStream> watch_ = nullptr)
      : code(code_), body(std::move(body_)), watch(std::move(watch_)) {}

  int code = 0;
  json body;
  std::shared_ptr<WatchStream> watch;  // set: answer with this watch stream instead of `body`
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// How long gatherRequests() holds a request that waits for the others.
constexpr std::chrono::seconds kGatherTimeout{10};

std::string mediaType(const std::string& content_type) {
  return content_type.substr(0, std::min(content_type.find(';'), content_type.size()));
}

}  // namespace

struct ApiServerFixture::Impl {
  struct Faults {
    int fail_next = 0;
    int fail_next_status = 0;
    std::optional<int> fail_all;
    std::chrono::milliseconds delay{0};
    std::chrono::milliseconds write_delay{0};
    std::vector<std::string> hung_write_prefixes;
    /// (bearer token, path prefix): requests left unanswered, then dropped (ignoreRequestsOf).
    std::vector<std::pair<std::string, std::string>> ignored;
    std::size_t gather = 0;
    bool gathered = false;  // `gather` requests were inside at once: none waits any more
    int drop_next = 0;
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> conflicts;
    struct RawAnswer {
      int count = 0;
      std::string method;
      std::string path_prefix;
      int status = 0;
      std::string body;
    };
    std::vector<RawAnswer> raw_answers;
    struct Mangler {
      std::string method;
      std::string path_prefix;
      std::function<void(json&)> mangle;
    };
    std::vector<Mangler> manglers;
    bool echo_headers = false;
    bool expire_every_watch = false;
  };

  ApiServerOptions options;
  TempDir dir;
  TestCertificates certificates;
  CertificateFiles client_ca;  // with options.client_certificates
  mutable int client_certificates_made = 0;
  HttpJobOrder job_order;  // outlives the server's pool, which uses it
  std::unique_ptr<httplib::Server> server;
  std::uint16_t port = 0;
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable faults_changed;  // wakes delayed handlers on clearFaults() and shutdown
  bool stopping = false;
  Faults faults;
  ObjectHistory history;  // the one resourceVersion sequence; declared before the stores that use it
  EndpointsStore store{history};
  ServiceStore services{history};
  LeaseStore leases{history};
  EndpointSliceStore slices{history};
  EventStore events;
  std::vector<RecordedRequest> requests;
  std::size_t arrived = 0;
  std::size_t in_flight = 0;  // requests being handled now (watches included)
  std::size_t max_in_flight = 0;
  WatchStreams watches;
  std::condition_variable watch_wakeup;  // a change, a switch on the watches, or shutdown

  void handle(const httplib::Request& request, httplib::Response& response);
  /// A raw answer scripted for this request (answerRawNext), used up; the mutex is held.
  std::optional<Faults::RawAnswer> takeRawAnswer(const httplib::Request& request);
  /// mangleAnswers and echoHeadersInErrors applied to `reply`; the mutex is held.
  void applyHostileFaults(const httplib::Request& request, Reply& reply) const;
  std::optional<std::string> certificateUser(const httplib::Request& request) const;
  Reply route(const httplib::Request& request, DecodedBody& body);
  bool pumpWatch(const std::shared_ptr<WatchStream>& stream, httplib::DataSink& sink);
  Reply putEndpoints(const std::string& ns, const std::string& name, DecodedBody& body);
};

void ApiServerFixture::Impl::handle(const httplib::Request& request, httplib::Response& response) {
  RecordedRequest record;
  record.method = request.method;
  record.path = request.path;
  const auto question = request.target.find('?');
  if (question != std::string::npos) record.query = request.target.substr(question + 1);
  record.content_type = request.get_header_value("Content-Type");
  record.body = request.body;
  record.client_user = certificateUser(request).value_or("");
  if (const std::string authorization = request.get_header_value("Authorization");
      authorization.rfind("Bearer ", 0) == 0)
    record.bearer_token = authorization.substr(7);
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    record.header_names.push_back(std::move(lower));
  }
  record.client_port = request.remote_port;

  // Decoded before the lock, as the apiserver decodes each request on its own goroutine: only the
  // stores are shared.
  DecodedBody body;
  if (request.method == "PUT" || request.method == "POST")
    body = decodeRequestBody(mediaType(record.content_type), request.body);

  std::unique_lock lock(mutex);
  ++arrived;
  ++in_flight;
  max_in_flight = std::max(max_in_flight, in_flight);
  // Only the gathered requests wait for this: waking every delayed handler on each arrival would
  // cost the fixture a thundering herd per request.
  if (faults.gather > 0 && !faults.gathered && in_flight >= faults.gather) {
    faults.gathered = true;
    faults_changed.notify_all();
  }
  // Counted down however the handler ends, with the mutex taken again if it was let go.
  struct Leaving {
    Impl& impl;
    std::unique_lock<std::mutex>& lock;
    ~Leaving() {
      if (!lock.owns_lock()) lock.lock();
      --impl.in_flight;
    }
  } leaving{*this, lock};
  if (faults.delay.count() > 0) {
    faults_changed.wait_for(lock, faults.delay, [this] { return stopping || faults.delay.count() == 0; });
  }
  if (faults.gather > 0) {
    faults_changed.wait_for(lock, kGatherTimeout, [this] { return stopping || faults.gathered; });
  }
  if (request.method != "GET") {
    // The time etcd takes to commit a write; writes in flight together wait it side by side.
    if (faults.write_delay.count() > 0) {
      faults_changed.wait_for(lock, faults.write_delay,
                              [this] { return stopping || faults.write_delay.count() == 0; });
    }
    const auto hung = [this, &request] {
      for (const auto& prefix : faults.hung_write_prefixes) {
        if (request.path.rfind(prefix, 0) == 0) return true;
      }
      return false;
    };
    faults_changed.wait(lock, [&] { return stopping || !hung(); });
  }
  const auto ignored = [this, &request, &record] {
    for (const auto& [token, prefix] : faults.ignored) {
      if (record.bearer_token == token && request.path.rfind(prefix, 0) == 0) return true;
    }
    return false;
  };
  if (ignored()) {
    // A partition: the request never reaches the server, so nothing of it is applied.
    faults_changed.wait(lock, [&] { return stopping || !ignored(); });
    requests.push_back(record);  // status 0
    lock.unlock();
    dropConnection(port, request.remote_port);
    return;
  }
  Reply reply;
  if (auto raw = takeRawAnswer(request)) {
    record.status = raw->status;
    requests.push_back(record);
    lock.unlock();
    response.status = raw->status;
    response.set_content(raw->body, "application/json");
    return;
  }
  if (faults.expire_every_watch &&
      (request.get_param_value("watch") == "1" || request.get_param_value("watch") == "true")) {
    // The watch ends after one ERROR event, as the real server ends a watch from a compacted version.
    json event = {{"type", "ERROR"}, {"object", faultStatus(410)}};
    event["object"]["reason"] = "Expired";
    event["object"]["message"] = "too old resource version";
    record.status = 200;
    requests.push_back(record);
    lock.unlock();
    response.status = 200;
    response.set_content(event.dump() + "\n", "application/json");
    return;
  }
  if (faults.drop_next > 0) {
    --faults.drop_next;
    requests.push_back(record);  // status 0: nothing was answered
    lock.unlock();
    if (dropConnection(port, request.remote_port)) return;
    reply = {500, faultStatus(500)};  // could not drop: fail loudly instead
  } else if (faults.fail_next > 0) {
    --faults.fail_next;
    reply = {faults.fail_next_status, faultStatus(faults.fail_next_status)};
  } else if (faults.fail_all) {
    reply = {*faults.fail_all, faultStatus(*faults.fail_all)};
  } else {
    reply = route(request, body);
  }
  if (lock.owns_lock()) {
    record.status = reply.code;
    requests.push_back(record);
    applyHostileFaults(request, reply);
  }
  response.status = reply.code;
  // The deprecation warning belongs to v1 Endpoints (their collections and objects); the EndpointSlice
  // API that replaces it, Services, Events and Leases send none.
  const bool v1_endpoints = request.path.rfind("/api/v1/", 0) == 0 &&
                            (request.path.find("/endpoints/") != std::string::npos ||
                             request.path.ends_with("/endpoints"));
  if (v1_endpoints) response.set_header("Warning", kDeprecationWarning);
  if (reply.watch) {
    // The watch server answers 200 at once and streams events with chunked transfer; it never compresses
    // them, so the request's Accept-Encoding must not make httplib buffer them in a gzip stream.
    const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
    response.set_chunked_content_provider(
        "application/json",
        [this, stream = reply.watch](std::size_t, httplib::DataSink& sink) {
          return pumpWatch(stream, sink);
        },
        [this, stream = reply.watch](bool) {
          std::lock_guard closing(mutex);
          watches.close(stream);
        });
    return;
  }
  response.set_content(reply.body.dump(), "application/json");
}

std::optional<ApiServerFixture::Impl::Faults::RawAnswer> ApiServerFixture::Impl::takeRawAnswer(
    const httplib::Request& request) {
  for (auto& raw : faults.raw_answers) {
    if (raw.count <= 0 || raw.method != request.method || request.path.rfind(raw.path_prefix, 0) != 0)
      continue;
    --raw.count;
    return raw;
  }
  return std::nullopt;
}

void ApiServerFixture::Impl::applyHostileFaults(const httplib::Request& request, Reply& reply) const {
  if (reply.watch) return;
  if (reply.code >= 200 && reply.code < 300) {
    for (const auto& mangler : faults.manglers) {
      if (mangler.method == request.method && request.path.rfind(mangler.path_prefix, 0) == 0) {
        mangler.mangle(reply.body);
      }
    }
  } else if (faults.echo_headers && reply.body.is_object()) {
    std::string headers;
    for (const auto& [name, value] : request.headers) headers += name + ": " + value + "; ";
    reply.body["message"] =
        reply.body.value("message", std::string()) + " (request headers: " + headers + ")";
  }
}

bool ApiServerFixture::Impl::pumpWatch(const std::shared_ptr<WatchStream>& stream, httplib::DataSink& sink) {
  std::unique_lock lock(mutex);
  // Every change wakes the streams (history.onChange); wake up now and then even without news, so that
  // timeoutSeconds and a client that went away are seen.
  watch_wakeup.wait_for(lock, options.watch_idle_check,
                        [&] { return stopping || stream->ready(history, WatchStream::Clock::now()); });
  if (stopping) return false;
  WatchStream::Batch batch = stream->poll(history, WatchStream::Clock::now());
  lock.unlock();
  if (batch.next == WatchStream::Next::Drop) return false;  // httplib closes the connection
  // An empty write would end httplib's chunk loop: write only whole events.
  if (!batch.lines.empty() && !sink.write(batch.lines.data(), batch.lines.size())) return false;
  if (batch.next == WatchStream::Next::Finish) sink.done();
  return true;
}

std::optional<std::string> ApiServerFixture::Impl::certificateUser(const httplib::Request& request) const {
  if (!options.client_certificates) return std::nullopt;
  return verifiedClientCommonName(request.ssl);
}

Reply ApiServerFixture::Impl::route(const httplib::Request& request, DecodedBody& body) {
  // Authentication comes first, for every path: no or unknown bearer token is 401.
  const std::string authorization = request.get_header_value("Authorization");
  const std::string token = authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : std::string();
  bool read_only = contains(options.read_only_tokens, token);
  // The x509 authenticator runs before the token one: a verified client certificate is the user
  // (its CN), with or without a token; RBAC then grants that user rights or not.
  if (const auto user = certificateUser(request)) {
    read_only = !contains(options.certificate_users, *user);
  } else if (token.empty() || (!contains(options.tokens, token) && !read_only)) {
    return {401, unauthorizedStatus()};
  }

  if (auto collection = routeCollection(request.method, request.path, request.params, history)) {
    if (!collection->watch) return {collection->answer.code, std::move(collection->answer.body)};
    return {200, json(), watches.open(std::move(*collection->watch), history, WatchStream::Clock::now())};
  }
  const CoreRequest core{request.method, request.path, &body, read_only, kReadOnlyUser};
  if (auto answer = routeServicesAndEvents(core, services, events))
    return {answer->code, std::move(answer->body)};
  if (auto answer = routeEndpointSlices(core, slices)) return {answer->code, std::move(answer->body)};
  if (auto answer = routeLeases(core, leases)) return {answer->code, std::move(answer->body)};

  const auto match = matchPath(request.path, "/api/v1/namespaces/*/endpoints/*");
  if (!match) return {404, unknownPathStatus()};
  const std::string& ns = (*match)[0];
  const std::string& name = (*match)[1];
  if (request.method == "GET") {
    if (auto object = store.get(ns, name)) return {200, *object};
    return {404, notFoundStatus("endpoints", name)};
  }
  if (request.method != "PUT") return {405, methodNotAllowedStatus()};
  // RBAC: the token may read but not update endpoints.
  if (read_only) return {403, forbiddenStatus(kReadOnlyUser, "update", "endpoints", ns, name)};
  return putEndpoints(ns, name, body);
}

Reply ApiServerFixture::Impl::putEndpoints(const std::string& ns, const std::string& name,
                                           DecodedBody& body) {
  if (!body.object) return {body.refusal.code, std::move(body.refusal.body)};

  const auto conflict = faults.conflicts.find({ns, name});
  if (conflict != faults.conflicts.end()) {
    // Another writer gets in first: it labels the object, which bumps its resourceVersion.
    if (auto current = store.get(ns, name)) {
      (*current)["metadata"]["labels"][conflict->second.first] = conflict->second.second;
      (*current)["metadata"].erase("resourceVersion");
      store.put(ns, name, *current);
    }
    faults.conflicts.erase(conflict);
  }
  WriteOutcome outcome = store.put(ns, name, std::move(*body.object));
  return {outcome.code, std::move(outcome.body)};
}

ApiServerFixture::ApiServerFixture(ApiServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (impl_->options.tls && impl_->options.client_certificates) {
    impl_->certificates = makeTestCertificates(impl_->dir.path());
    impl_->client_ca = makeCa("lecter test client CA", impl_->dir.path(), "client-ca");
    auto server = std::make_unique<httplib::SSLServer>(impl_->certificates.server_cert_file.c_str(),
                                                       impl_->certificates.server_key_file.c_str(),
                                                       impl_->client_ca.cert_file.c_str());
    // httplib demands a certificate (SSL_VERIFY_FAIL_IF_NO_PEER_CERT); the ApiServer only verifies one
    // when given (Go's VerifyClientCertIfGiven), so that token clients still connect.
    if (server->is_valid()) SSL_CTX_set_verify(server->ssl_context(), SSL_VERIFY_PEER, nullptr);
    impl_->server = std::move(server);
  } else if (impl_->options.tls) {
    impl_->certificates = makeTestCertificates(impl_->dir.path());
    impl_->server = std::make_unique<httplib::SSLServer>(impl_->certificates.server_cert_file.c_str(),
                                                         impl_->certificates.server_key_file.c_str());
  } else {
    impl_->server = std::make_unique<httplib::Server>();
  }
  if (!impl_->server->is_valid())
    throw std::runtime_error("ApiServer fixture: the HTTPS server is not valid");
  Impl* impl = impl_.get();
  impl->history.onChange([impl] { impl->watch_wakeup.notify_all(); });
  // Every open connection (a watch, a client's kept-alive one) holds a worker thread; the default pool
  // (about one per core) would let a few watches block every other request.
  impl->server->new_task_queue = [impl] {
    return new OrderedThreadPool(std::max<std::size_t>(impl->options.worker_threads, 1), impl->job_order);
  };
  // As Go's net/http, which serves the ApiServer: TCP_NODELAY on every connection (without it each small
  // answer waits for the client's delayed ACK, about 40 ms), no limit on the requests a connection
  // carries (httplib closes it after 5, so a TLS handshake every 5 requests), and connections idle for
  // 90 s closed (the ApiServer's IdleTimeout, which matches http.DefaultTransport's keep-alive).
  impl->server->set_tcp_nodelay(true);
  impl->server->set_keep_alive_max_count(kRequestsPerConnection);
  impl->server->set_keep_alive_timeout(kIdleTimeoutSeconds);
  auto handler = [impl](const httplib::Request& request, httplib::Response& response) {
    impl->handle(request, response);
  };
  impl->server->Get(".*", handler)
      .Put(".*", handler)
      .Post(".*", handler)
      .Patch(".*", handler)
      .Delete(".*", handler)
      .Options(".*", handler);
  impl->server->set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    return answerWarmUp(request, response) ? httplib::Server::HandlerResponse::Handled
                                           : httplib::Server::HandlerResponse::Unhandled;
  });
  const int port = impl->server->bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("ApiServer fixture: cannot bind a port on 127.0.0.1");
  impl->port = static_cast<std::uint16_t>(port);
  impl->thread = std::thread([impl] { impl->server->listen_after_bind(); });
  try {
    // The socket already listens; wait for the accept loop so that stop() in the destructor reaches it.
    if (!eventually([impl] { return impl->server->is_running(); }, std::chrono::seconds(10)))
      throw std::runtime_error("ApiServer fixture: the server did not start");
    warmUp(url(), caFile(), impl->job_order);
  } catch (...) {
    impl->server->stop();
    impl->thread.join();
    throw;
  }
}

ApiServerFixture::~ApiServerFixture() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->faults_changed.notify_all();
  impl_->watch_wakeup.notify_all();
  impl_->server->stop();
  impl_->thread.join();
}

std::string ApiServerFixture::url() const {
  return std::string(impl_->options.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}
std::uint16_t ApiServerFixture::port() const { return impl_->port; }
std::string ApiServerFixture::caFile() const { return impl_->certificates.ca_file; }
std::string ApiServerFixture::otherCaFile() const { return impl_->certificates.other_ca_file; }
std::string ApiServerFixture::clientCaFile() const { return impl_->client_ca.cert_file; }

CertificateFiles ApiServerFixture::makeClientCertificate(const std::string& user) const {
  if (impl_->client_ca.cert_file.empty())
    throw std::runtime_error("makeClientCertificate: the fixture was made without client_certificates");
  std::lock_guard lock(impl_->mutex);
  const std::string stem = "client-" + std::to_string(++impl_->client_certificates_made);
  return testing::makeClientCertificate(impl_->client_ca, user, impl_->dir.path(), stem);
}

std::optional<nlohmann::json> ApiServerFixture::endpoints(const std::string& ns,
                                                          const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->store.get(ns, name);
}

nlohmann::json ApiServerFixture::putEndpoints(const std::string& ns, const std::string& name,
                                              nlohmann::json object) {
  // Another writer PUTs without resourceVersion, an unconditional update that Endpoints allow.
  if (object.is_object()) {
    object["metadata"]["name"] = name;
    object["metadata"].erase("resourceVersion");
  }
  std::lock_guard lock(impl_->mutex);
  WriteOutcome outcome = impl_->store.put(ns, name, std::move(object));
  if (outcome.code >= 300) throw std::runtime_error("putEndpoints: " + outcome.body.value("message", ""));
  return outcome.body;
}

void ApiServerFixture::deleteEndpoints(const std::string& ns, const std::string& name) {
  std::lock_guard lock(impl_->mutex);
  impl_->store.remove(ns, name);
}

std::vector<std::string> ApiServerFixture::readyIps(const std::string& ns, const std::string& name) const {
  std::vector<std::string> ips;
  const std::optional<nlohmann::json> object = endpoints(ns, name);
  if (!object || !object->contains("subsets")) return ips;
  for (const nlohmann::json& subset : (*object)["subsets"])
    for (const nlohmann::json& address : subset.value("addresses", nlohmann::json::array()))
      ips.push_back(address.value("ip", ""));
  std::sort(ips.begin(), ips.end());
  ips.erase(std::unique(ips.begin(), ips.end()), ips.end());
  return ips;
}

nlohmann::json ApiServerFixture::putService(const std::string& ns, const std::string& name,
                                            nlohmann::json object) {
  std::lock_guard lock(impl_->mutex);
  return impl_->services.put(ns, name, std::move(object));
}

void ApiServerFixture::deleteService(const std::string& ns, const std::string& name) {
  std::lock_guard lock(impl_->mutex);
  impl_->services.remove(ns, name);
}

std::vector<nlohmann::json> ApiServerFixture::events() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->events.all();
}

std::vector<nlohmann::json> ApiServerFixture::endpointSlices(const std::string& ns) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->slices.list(ns);
}

std::optional<nlohmann::json> ApiServerFixture::endpointSlice(const std::string& ns,
                                                              const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->slices.get(ns, name);
}

nlohmann::json ApiServerFixture::putEndpointSlice(const std::string& ns, const std::string& name,
                                                  nlohmann::json object) {
  // Another writer creates (POST) or updates without resourceVersion, an unconditional update that
  // EndpointSlices allow (AllowUnconditionalUpdate).
  if (!object.is_object()) throw std::runtime_error("putEndpointSlice: the object is not a JSON object");
  object["metadata"]["name"] = name;
  object["metadata"].erase("resourceVersion");
  std::lock_guard lock(impl_->mutex);
  WriteOutcome outcome = impl_->slices.get(ns, name) ? impl_->slices.update(ns, name, std::move(object))
                                                     : impl_->slices.create(ns, std::move(object));
  if (outcome.code >= 300) throw std::runtime_error("putEndpointSlice: " + outcome.body.value("message", ""));
  return outcome.body;
}

void ApiServerFixture::deleteEndpointSlice(const std::string& ns, const std::string& name) {
  std::lock_guard lock(impl_->mutex);
  impl_->slices.remove(ns, name);
}

std::map<std::string, bool> ApiServerFixture::sliceEndpoints(const std::string& ns,
                                                             const std::string& service) const {
  std::map<std::string, bool> ready_by_address;
  for (const nlohmann::json& slice : endpointSlices(ns)) {
    const nlohmann::json labels = slice.at("metadata").value("labels", nlohmann::json::object());
    const nlohmann::json endpoints = slice.value("endpoints", nlohmann::json());
    if (labels.value("kubernetes.io/service-name", "") != service || !endpoints.is_array()) continue;
    for (const nlohmann::json& endpoint : endpoints) {
      // A nil ready condition means "unknown", which consumers take as ready.
      const bool ready = endpoint.value("conditions", nlohmann::json::object()).value("ready", true);
      for (const nlohmann::json& address : endpoint.value("addresses", nlohmann::json::array()))
        ready_by_address[address.get<std::string>()] = ready;
    }
  }
  return ready_by_address;
}

void ApiServerFixture::failNext(int count, int status) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.fail_next = count;
  impl_->faults.fail_next_status = status;
}

void ApiServerFixture::failAll(int status) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.fail_all = status;
}

void ApiServerFixture::delayWrites(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.write_delay = delay;
  impl_->faults_changed.notify_all();
}

void ApiServerFixture::ignoreRequestsOf(const std::string& token, const std::string& path_prefix) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.ignored.emplace_back(token, path_prefix);
}

std::optional<nlohmann::json> ApiServerFixture::lease(const std::string& ns, const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->leases.get(ns, name);
}

void ApiServerFixture::hangWrites(const std::string& path_prefix) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.hung_write_prefixes.push_back(path_prefix);
}

void ApiServerFixture::gatherRequests(std::size_t count) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.gather = count;
  impl_->faults.gathered = false;
  impl_->faults_changed.notify_all();
}

std::size_t ApiServerFixture::maxConcurrentRequests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->max_in_flight;
}

void ApiServerFixture::delayResponses(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.delay = delay;
}

void ApiServerFixture::dropNext(int count) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.drop_next = count;
}

void ApiServerFixture::conflictOnNextPut(const std::string& ns, const std::string& name,
                                         const std::string& label_key, const std::string& label_value) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.conflicts[{ns, name}] = {label_key, label_value};
}

std::size_t ApiServerFixture::arrivedRequests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->arrived;
}

void ApiServerFixture::answerRawNext(int count, const std::string& method, const std::string& path_prefix,
                                     int status, std::string body) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.raw_answers.push_back({count, method, path_prefix, status, std::move(body)});
}

void ApiServerFixture::mangleAnswers(const std::string& method, const std::string& path_prefix,
                                     std::function<void(nlohmann::json&)> mangle) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.manglers.push_back({method, path_prefix, std::move(mangle)});
}

void ApiServerFixture::echoHeadersInErrors() {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.echo_headers = true;
}

void ApiServerFixture::expireEveryWatch() {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.expire_every_watch = true;
}

void ApiServerFixture::clearFaults() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->faults = Impl::Faults{};
  }
  impl_->faults_changed.notify_all();
}

void ApiServerFixture::expireWatchHistory() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->watches.expireAll(impl_->history);
  }
  impl_->watch_wakeup.notify_all();
}

void ApiServerFixture::dropWatches() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->watches.dropAll();
  }
  impl_->watch_wakeup.notify_all();
}

void ApiServerFixture::sendBookmarks() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->watches.bookmarkAll();
  }
  impl_->watch_wakeup.notify_all();
}

std::size_t ApiServerFixture::openWatches() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->watches.openCount();
}

std::size_t ApiServerFixture::watchRequests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->watches.requestCount();
}

std::string ApiServerFixture::currentResourceVersion() const {
  std::lock_guard lock(impl_->mutex);
  return std::to_string(impl_->history.current());
}

std::vector<RecordedRequest> ApiServerFixture::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::size_t ApiServerFixture::requestCount() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests.size();
}

void ApiServerFixture::clearRequests() {
  std::lock_guard lock(impl_->mutex);
  impl_->requests.clear();
}

}  // namespace lecter::testing
