#pragma once
/// Collection reads of the fixture: GET /api/v1/namespaces/NS/endpoints, …/services and
/// /apis/discovery.k8s.io/v1/namespaces/NS/endpointslices and /apis/coordination.k8s.io/v1/namespaces/NS/leases,
/// as lists or (with watch=1|true) as watches,
/// with the query parameters labelSelector, fieldSelector, resourceVersion, allowWatchBookmarks and
/// timeoutSeconds. Lists and watches are served from the ObjectHistory alone, for every resource.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_store.h"
#include "support/apiserver/field_selector.h"
#include "support/apiserver/label_selector.h"
#include "support/apiserver/object_history.h"

namespace lecter::testing {

/// A read of one collection, its query parsed.
struct CollectionRequest {
  std::string resource;  // endpoints, services, endpointslices
  std::string ns;
  std::string kind;         // of the items: Endpoints, Service, EndpointSlice
  std::string api_version;  // v1, discovery.k8s.io/v1
  LabelSelector labels;
  FieldSelector fields;
  bool watch = false;
  std::string resource_version;  // as given; "" when absent
  bool allow_bookmarks = false;
  std::optional<long> timeout_seconds;

  /// Whether an object passes both selectors.
  [[nodiscard]] bool selects(const nlohmann::json& object) const {
    return labels.matches(object) && fields.matches(object);
  }
};

/// What the route made of a request: a finished answer (a list or an error Status), or a watch to
/// start (`watch` set; `answer` unused).
struct CollectionRoute {
  WriteOutcome answer;
  std::optional<CollectionRequest> watch;
};

/// Routes `method path?query` when `path` names a collection the fixture serves; nullopt otherwise.
/// `query` holds the decoded query parameters.
std::optional<CollectionRoute> routeCollection(const std::string& method, const std::string& path,
                                               const std::multimap<std::string, std::string>& query,
                                               const ObjectHistory& history);

/// The list answer: {"kind":"<Kind>List","apiVersion",…,"metadata":{"resourceVersion"},"items":[…]}
/// with the selected objects ordered by name.
nlohmann::json listCollection(const CollectionRequest& request, const ObjectHistory& history);

}  // namespace lecter::testing
