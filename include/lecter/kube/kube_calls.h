#pragma once
/// The ApiServer as lecter's writers see it: the Endpoints object and the EndpointSlices of a service,
/// read and written through calls that are in flight together. The real one is RestKubeClient (over
/// libcurl's multi interface); CachingKubeClient answers reads from the watch caches; a dry run puts a
/// sink in front that records writes instead of sending them; tests use a fake that records the calls.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "lecter/kube/kube_result.h"

namespace lecter {

enum class KubeVerb {
  GetEndpoints,
  /// PUT of the whole object; `object.metadata.resourceVersion` makes it conditional. A PUT on a
  /// missing object creates it.
  PutEndpoints,
  /// GET of the namespace's EndpointSlices matching `label_selector`: on success `object` is the
  /// EndpointSliceList (its `items`). `ref` names the Service whose slices they are.
  ListEndpointSlices,
  /// POST into the namespace's collection (a PUT cannot create an EndpointSlice).
  CreateEndpointSlice,
  /// PUT of the whole slice, conditional on `object.metadata.resourceVersion` (409 when stale).
  PutEndpointSlice,
  DeleteEndpointSlice,
};

/// One request, as a value, so it can wait in a queue and be recorded.
struct KubeCall {
  KubeVerb verb = KubeVerb::GetEndpoints;
  ObjectRef ref;               // the object; for a list ns only, for a create the new object's name
  nlohmann::json object;       // the body of a PUT or POST
  std::string label_selector;  // of a list, e.g. "kubernetes.io/service-name=redis,…"

  static KubeCall getEndpoints(ObjectRef ref);
  static KubeCall putEndpoints(ObjectRef ref, nlohmann::json object);
  static KubeCall listEndpointSlices(ObjectRef service, std::string label_selector);
  static KubeCall createEndpointSlice(std::string ns, nlohmann::json object);
  static KubeCall putEndpointSlice(ObjectRef ref, nlohmann::json object);
  static KubeCall deleteEndpointSlice(ObjectRef ref);

  /// True for PUT, POST and DELETE.
  [[nodiscard]] bool writes() const;
  /// "PUT endpoints prod/db", "LIST endpointslices prod (selector)", for logs and reports.
  [[nodiscard]] std::string describe() const;
};

/// Receives the result of a started call.
using KubeDone = std::function<void(KubeResult)>;

class KubeCalls {
 public:
  virtual ~KubeCalls() = default;
  /// Starts `call` beside the others in flight; `done` receives its result, at once or from inside a
  /// later poll(), and may start more calls. `call` is read only until `done` is called or start
  /// returns, whichever comes first (the caller may reuse it from inside `done`). Never throws for
  /// network or HTTP errors.
  virtual void start(const KubeCall& call, KubeDone done) = 0;
  /// Drives the calls in flight for at most `max_wait`, returning as soon as one or more have ended.
  /// Returns how many are still in flight.
  virtual std::size_t poll(std::chrono::milliseconds max_wait) = 0;
};

/// Starts `call` on `calls` and waits for its result. Only where nothing else is in flight on `calls`:
/// the other calls' callbacks would run inside.
KubeResult callAndWait(KubeCalls& calls, const KubeCall& call);

}  // namespace lecter
