#pragma once
/// The ApiServer (KubeCalls, ServicesApi, EventsApi) over an in-memory object map with
/// resourceVersions, so the reconciler's logic (conflicts, creation, failures) is tested without HTTP.
/// Every call is answered at once, in the order started. Records every call: Endpoints and
/// EndpointSlice calls in calls(), Service reads in serviceReads(), Events in events().

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lecter/kube/events_api.h"
#include "lecter/kube/kube_calls.h"
#include "lecter/kube/services_api.h"
#include "support/common/fake_endpoint_slice_store.h"

namespace lecter::testing {

class FakeKubeClient final : public KubeCalls, public ServicesApi, public EventsApi {
 public:
  void start(const KubeCall& call, KubeDone done) override {
    switch (call.verb) {
      case KubeVerb::GetEndpoints:
        return done(getEndpoints(call.ref));
      case KubeVerb::PutEndpoints:
        return done(putEndpoints(call.ref, call.object));
      case KubeVerb::ListEndpointSlices:
        return done(listEndpointSlices(call.ref.ns, call.label_selector));
      case KubeVerb::CreateEndpointSlice:
        return done(createEndpointSlice(call.ref.ns, call.object));
      case KubeVerb::PutEndpointSlice:
        return done(putEndpointSlice(call.ref, call.object));
      case KubeVerb::DeleteEndpointSlice:
        return done(deleteEndpointSlice(call.ref));
    }
  }
  std::size_t poll(std::chrono::milliseconds) override { return 0; }

  struct Call {
    std::string verb;  // GET or PUT
    std::string ref;   // ns/name
    nlohmann::json body;
  };

  KubeResult getEndpoints(const ObjectRef& ref) {
    calls_.push_back({"GET", key(ref), nullptr});
    if (auto failure = takeFailure()) return *failure;
    const auto it = objects_.find(key(ref));
    if (it == objects_.end())
      return KubeResult{404, nullptr, "NotFound", "endpoints \"" + ref.name + "\" not found"};
    return KubeResult{200, it->second, "", ""};
  }

  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) {
    calls_.push_back({"PUT", key(ref), object});
    if (auto failure = takeFailure()) return *failure;
    if (too_many_ > 0) {
      --too_many_;
      KubeResult limited{429, nullptr, "TooManyRequests", "too many requests, please try again later"};
      limited.retry_after = std::chrono::seconds(retry_after_seconds_);
      return limited;
    }
    if (conflicts_ > 0) {
      --conflicts_;
      // Another writer gets in first: the stored object changes and this PUT is stale.
      if (objects_.contains(key(ref))) {
        nlohmann::json& stored = objects_[key(ref)];
        stored["metadata"]["labels"]["owner"] = "someone-else";
        stored["metadata"]["resourceVersion"] = std::to_string(++version_);
      }
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    const auto it = objects_.find(key(ref));
    const std::string sent_version = object.value("/metadata/resourceVersion"_json_pointer, std::string());
    if (it != objects_.end() && !sent_version.empty() &&
        sent_version != it->second["metadata"]["resourceVersion"].get<std::string>()) {
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    nlohmann::json stored = object;
    stored["metadata"]["resourceVersion"] = std::to_string(++version_);
    objects_[key(ref)] = stored;
    return KubeResult{it == objects_.end() ? 201L : 200L, stored, "", ""};
  }

  /// GET of a Service: recorded in serviceReads() (not in calls(), so Endpoints counts stay as they
  /// were); 404 NotFound when none was put there; failServiceReads() makes it fail.
  KubeResult getService(const ObjectRef& ref) override {
    service_reads_.push_back(key(ref));
    if (service_failures_ > 0) {
      --service_failures_;
      return KubeResult{service_failure_status_, nullptr, reasonFor(service_failure_status_),
                        "injected failure"};
    }
    const auto it = services_.find(key(ref));
    if (it == services_.end())
      return KubeResult{404, nullptr, "NotFound", "services \"" + ref.name + "\" not found"};
    return KubeResult{200, it->second, "", ""};
  }

  /// POST of an Event: recorded in events() (also when it is made to fail with failEvents()).
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override {
    events_.push_back(event);
    event_namespaces_.push_back(ns);
    if (event_failures_ > 0) {
      --event_failures_;
      return KubeResult{500, nullptr, "InternalError", "injected failure"};
    }
    return KubeResult{201, event, "", ""};
  }

  /// EndpointSlice calls, recorded in calls() as LIST (ref ns/selector), POST, PUT, DELETE (ref
  /// ns/name); failNext() applies; conflictNext() makes a slice PUT lose a race with another writer.
  KubeResult listEndpointSlices(const std::string& ns, const std::string& label_selector) {
    calls_.push_back({"LIST", ns + "/" + label_selector, nullptr});
    if (auto failure = takeFailure()) return *failure;
    return slices_.list(ns, label_selector);
  }
  KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) {
    calls_.push_back({"POST", ns + "/" + object.value("/metadata/name"_json_pointer, std::string()), object});
    if (auto failure = takeFailure()) return *failure;
    return slices_.create(ns, object);
  }
  KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) {
    calls_.push_back({"PUT", key(ref), object});
    if (auto failure = takeFailure()) return *failure;
    if (conflicts_ > 0 && slices_.find(ref.ns, ref.name) != nullptr) {
      --conflicts_;
      nlohmann::json theirs = *slices_.find(ref.ns, ref.name);
      theirs["metadata"]["labels"]["owner"] = "someone-else";
      slices_.store(ref.ns, theirs);
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    return slices_.put(ref, object);
  }
  KubeResult deleteEndpointSlice(const ObjectRef& ref) {
    calls_.push_back({"DELETE", key(ref), nullptr});
    if (auto failure = takeFailure()) return *failure;
    return slices_.remove(ref);
  }
  /// The EndpointSlices held (to read them, or store one as another writer would).
  [[nodiscard]] FakeEndpointSliceStore& slices() { return slices_; }

  /// Puts a Service there (metadata.uid "uid-<name>" unless the object has one).
  void putService(const std::string& ns, const std::string& name, nlohmann::json object) {
    if (!object.contains("metadata") || !object["metadata"].contains("uid"))
      object["metadata"]["uid"] = "uid-" + name;
    object["metadata"]["name"] = name;
    object["metadata"]["namespace"] = ns;
    services_[ns + "/" + name] = std::move(object);
  }
  void deleteService(const std::string& ns, const std::string& name) { services_.erase(ns + "/" + name); }
  /// The next `count` Service reads fail with `status`.
  void failServiceReads(int count, long status) {
    service_failures_ = count;
    service_failure_status_ = status;
  }
  /// The next `count` Event POSTs fail with 500.
  void failEvents(int count) { event_failures_ = count; }
  /// ns/name of every Service read, in order.
  [[nodiscard]] const std::vector<std::string>& serviceReads() const { return service_reads_; }
  /// Every Event posted, in order, and the namespace each was posted to.
  [[nodiscard]] const std::vector<nlohmann::json>& events() const { return events_; }
  [[nodiscard]] const std::vector<std::string>& eventNamespaces() const { return event_namespaces_; }
  void clearEvents() {
    events_.clear();
    event_namespaces_.clear();
  }

  /// Stores an object as another writer would.
  void store(const std::string& ns, const std::string& name, nlohmann::json object) {
    object["metadata"]["resourceVersion"] = std::to_string(++version_);
    objects_[ns + "/" + name] = std::move(object);
  }
  [[nodiscard]] const nlohmann::json* object(const std::string& ns, const std::string& name) const {
    const auto it = objects_.find(ns + "/" + name);
    return it == objects_.end() ? nullptr : &it->second;
  }
  /// The next `count` calls fail with `status`.
  void failNext(int count, long status) {
    failures_ = count;
    failure_status_ = status;
  }
  /// The next `count` PUTs lose a race with another writer.
  void conflictNext(int count) { conflicts_ = count; }
  /// The next `count` Endpoints PUTs get 429 TooManyRequests with Retry-After `seconds`.
  void tooManyRequestsNext(int count, int seconds) {
    too_many_ = count;
    retry_after_seconds_ = seconds;
  }

  [[nodiscard]] const std::vector<Call>& calls() const { return calls_; }
  [[nodiscard]] int count(const std::string& verb) const {
    int n = 0;
    for (const auto& c : calls_) n += c.verb == verb ? 1 : 0;
    return n;
  }
  void clearCalls() { calls_.clear(); }

 private:
  static std::string key(const ObjectRef& ref) { return ref.ns + "/" + ref.name; }
  static std::string reasonFor(long status) { return status == 403 ? "Forbidden" : "InternalError"; }
  std::optional<KubeResult> takeFailure() {
    if (failures_ <= 0) return std::nullopt;
    --failures_;
    return KubeResult{failure_status_, nullptr, "InternalError", "injected failure"};
  }

  std::map<std::string, nlohmann::json> objects_;
  FakeEndpointSliceStore slices_;
  std::vector<Call> calls_;
  long long version_ = 100;
  int failures_ = 0;
  long failure_status_ = 500;
  int conflicts_ = 0;
  int too_many_ = 0;
  int retry_after_seconds_ = 0;
  std::map<std::string, nlohmann::json> services_;
  std::vector<std::string> service_reads_;
  int service_failures_ = 0;
  long service_failure_status_ = 500;
  std::vector<nlohmann::json> events_;
  std::vector<std::string> event_namespaces_;
  int event_failures_ = 0;
};

}  // namespace lecter::testing
