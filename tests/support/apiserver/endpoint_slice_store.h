#pragma once
/// The fixture's discovery.k8s.io/v1 EndpointSlices, with the write rules of the generic registry Store
/// and the EndpointSlice strategy (pkg/registry/discovery/endpointslice/strategy.go):
/// - create (POST): the name from metadata.name, or metadata.generateName plus 5 random characters
///   (names.SimpleNameGenerator); generation 1; 409 AlreadyExists when the name is taken; a
///   resourceVersion in the body is a 500 (etcd3 storage refuses it);
/// - update (PUT): never creates (AllowCreateOnUpdate is false: 404); a resourceVersion in the body must
///   match (409 Conflict), none means an unconditional update (AllowUnconditionalUpdate is true);
///   generation grows when anything but metadata changes, or the labels; an update that changes nothing
///   is not written (etcd's GuaranteedUpdate skips equal data), so it keeps its resourceVersion and makes
///   no watch event;
/// - delete: 200 with a Success Status naming the uid;
/// - every write takes its resourceVersion from the fixture's ObjectHistory and records the change
///   there (ADDED, MODIFIED, DELETED), so lists and watches of "endpointslices" replay it.
/// Bodies are stored as the server encodes them: kind and apiVersion set, unknown fields dropped,
/// `conditions` always present, `endpoints` and `ports` null when empty (no omitempty in the v1 types),
/// deprecatedTopology cleared (dropTopologyOnV1). Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_store.h"
#include "support/apiserver/object_history.h"

namespace lecter::testing {

class EndpointSliceStore {
 public:
  /// `history` outlives the store.
  explicit EndpointSliceStore(ObjectHistory& history);

  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  /// The slices of namespace `ns`, sorted by name.
  [[nodiscard]] std::vector<nlohmann::json> list(const std::string& ns) const;

  /// A POST of `object` to namespace `ns`: 201 with the stored slice, or a Status with its code (400
  /// undecodable or another namespace, 422 invalid, 500 resourceVersion set, 409 name taken).
  WriteOutcome create(const std::string& ns, nlohmann::json object);
  /// A PUT of `object` to ns/name: 200 with the stored slice, or a Status with its code (400
  /// undecodable or another name/namespace, 404 missing, 409 stale resourceVersion, 422 invalid).
  WriteOutcome update(const std::string& ns, const std::string& name, nlohmann::json object);
  /// A DELETE of ns/name: 200 with a Success Status, or 404.
  WriteOutcome remove(const std::string& ns, const std::string& name);

 private:
  std::string generateName(const std::string& ns, const std::string& base);

  ObjectHistory& history_;
  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
  std::uint64_t uids_made_ = 0;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace lecter::testing
