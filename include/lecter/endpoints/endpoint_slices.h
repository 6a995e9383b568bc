#pragma once
/// The discovery.k8s.io/v1 EndpointSlices of a service (kubernetes_conf.mode: endpointslice): render
/// the desired slices from the template and each target's readiness, and compare them with the live
/// ones as sets. Pure.
///
/// Facts kept (Kubernetes API reference "EndpointSlice v1", and the EndpointSlice controller,
/// pkg/controller/endpointslice): one addressType per slice (IPv4 or IPv6, immutable after creation);
/// at most 1000 endpoints per slice; a slice belongs to its Service through the label
/// `kubernetes.io/service-name`, and to its writer through `endpointslice.kubernetes.io/managed-by`;
/// `conditions.ready` absent means true; the controller's own slices carry a controller
/// ownerReference to the Service (metav1.NewControllerRef: controller and blockOwnerDeletion true).

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/config/config.h"

namespace lecter {

inline constexpr std::size_t kMaxEndpointsPerSlice = 1000;
inline constexpr const char* kSliceServiceNameLabel = "kubernetes.io/service-name";
inline constexpr const char* kSliceManagedByLabel = "endpointslice.kubernetes.io/managed-by";
inline constexpr const char* kSliceManagedByValue = "lecter";

/// What goes into a service's slices besides the template and the service.
struct SliceInputs {
  /// Every address to list and whether it is ready. A not-ready address is written with
  /// ready: false and serving: false; an address not here is left out.
  std::map<std::string, bool> endpoints;
  /// The port's name when the template's port has none (from the Service). Empty: no name.
  std::string fallback_port_name;
  /// The Service's metadata.uid, for the ownerReference; empty (Service unknown): no ownerReference.
  std::string service_uid;
};

/// The label selector of the slices lecter owns for `service`:
/// "kubernetes.io/service-name=NAME,endpointslice.kubernetes.io/managed-by=lecter".
std::string endpointSliceSelectorFor(const ServiceSpec& service);

/// The desired slices, IPv4 ones first: addresses sorted (so the split is stable) and cut into slices
/// of at most kMaxEndpointsPerSlice, named `<service>-lecter`, `<service>-lecter-2`, … for IPv4 and
/// `<service>-lecter-ipv6`, `<service>-lecter-ipv6-2`, … for IPv6. Each carries the template's labels
/// and annotations plus the two labels above, the ownerReference when the uid is known, and one port
/// (the service's port; name, protocol and appProtocol from the template's first port). No address:
/// no slice.
std::vector<nlohmann::json> renderEndpointSlices(const nlohmann::json& endpoint_template,
                                                 const ServiceSpec& service, const SliceInputs& inputs);

/// `desired` made ready to replace `live` with a PUT: labels, annotations and ownerReferences that
/// others put on the live slice are kept (lecter's own win), and the live resourceVersion is sent so
/// the write is conditional.
nlohmann::json endpointSliceUpdate(const nlohmann::json& desired, const nlohmann::json& live);

/// Every address listed by `slices` (live EndpointSlice objects) and whether it is ready (an absent
/// `ready` counts as true; an address ready in any slice counts as ready).
std::map<std::string, bool> endpointReadinessOf(const std::vector<nlohmann::json>& slices);

/// Why `live` must be rewritten to become `desired`, or empty when it need not be: "the slice does not
/// exist" when `live` is null, else the endpoints (address and conditions) and ports that differ as
/// sets, a different addressType, and the labels, annotations and ownerReference lecter sets that are
/// missing or different.
std::string sliceDifferenceReason(const nlohmann::json& desired, const nlohmann::json& live);

/// True when `live` cannot become `desired` by a PUT (addressType is immutable): delete and create.
bool sliceNeedsRecreate(const nlohmann::json& desired, const nlohmann::json& live);

}  // namespace lecter
