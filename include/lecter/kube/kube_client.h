#pragma once
/// The ApiServer as the reconciler sees it: read and write one Endpoints object, or the EndpointSlices
/// of a service, read its Service, post Events. The real one is RestKubeClient; reconciler tests use a fake
/// that records the calls.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter {

struct ObjectRef {
  std::string ns;
  std::string name;
};

/// The outcome of one call. A failed call carries the ApiServer's `Status` (reason, message) when it
/// sent one, or the transport error.
struct KubeResult {
  long http_status = 0;   // 0: no usable answer (transport error; reason InvalidResponse: unreadable body)
  nlohmann::json object;  // the object read or written, on success
  std::string reason;     // Status.reason, e.g. Conflict, NotFound, Unauthorized, Invalid
  std::string message;    // Status.message, or the transport error

  [[nodiscard]] bool ok() const { return http_status >= 200 && http_status < 300; }
  [[nodiscard]] bool notFound() const { return http_status == 404; }
  [[nodiscard]] bool conflict() const { return http_status == 409; }
  /// "409 Conflict: …", "no answer from the ApiServer: …" or "unusable answer from the ApiServer: …",
  /// for log lines.
  [[nodiscard]] std::string describe() const;
};

class KubeClient {
 public:
  virtual ~KubeClient() = default;
  virtual KubeResult getEndpoints(const ObjectRef& ref) = 0;
  /// PUT of the whole object; `object.metadata.resourceVersion` makes it conditional. A PUT on a
  /// missing object creates it.
  virtual KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) = 0;
  /// GET of the Service ns/name (its ports, selector and uid). A client that cannot reach Services
  /// answers like a transport error (http_status 0).
  virtual KubeResult getService(const ObjectRef& ref) { return unsupported(ref, "reading Services"); }
  /// POST of a core/v1 Event into namespace `ns` (the event's metadata.namespace). Same default.
  virtual KubeResult createEvent(const std::string& ns, const nlohmann::json& event) {
    return unsupported(ObjectRef{ns, event.value("/metadata/name"_json_pointer, std::string())},
                       "creating Events");
  }

  // --- discovery.k8s.io/v1 EndpointSlices (kubernetes_conf.mode: endpointslice) ----------------------
  /// GET of the namespace's EndpointSlices matching `label_selector` (e.g.
  /// "kubernetes.io/service-name=redis,endpointslice.kubernetes.io/managed-by=lecter"): on success
  /// `object` is the EndpointSliceList (its `items`).
  virtual KubeResult listEndpointSlices(const std::string& ns, const std::string& label_selector) {
    return unsupported(ObjectRef{ns, label_selector}, "listing EndpointSlices");
  }
  /// POST into the namespace's collection (a PUT cannot create an EndpointSlice).
  virtual KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) {
    return unsupported(ObjectRef{ns, object.value("/metadata/name"_json_pointer, std::string())},
                       "creating EndpointSlices");
  }
  /// PUT of the whole slice; `object.metadata.resourceVersion` makes it conditional (409 when stale).
  virtual KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) {
    (void)object;
    return unsupported(ref, "updating EndpointSlices");
  }
  virtual KubeResult deleteEndpointSlice(const ObjectRef& ref) {
    return unsupported(ref, "deleting EndpointSlices");
  }

 private:
  static KubeResult unsupported(const ObjectRef& ref, const std::string& what) {
    return KubeResult{0, nullptr, "",
                      what + " (" + ref.ns + "/" + ref.name + ") is not supported by this client"};
  }
};

}  // namespace lecter
