#include "support/apiserver/collection_routes.h"

#include "support/apiserver/resource_path.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

struct CollectionKind {
  const char* path;  // for matchPath
  const char* resource;
  const char* kind;
  const char* api_version;
};

constexpr CollectionKind kCollections[] = {
    {"/api/v1/namespaces/*/endpoints", "endpoints", "Endpoints", "v1"},
    {"/api/v1/namespaces/*/services", "services", "Service", "v1"},
    {"/apis/discovery.k8s.io/v1/namespaces/*/endpointslices", "endpointslices", "EndpointSlice",
     "discovery.k8s.io/v1"},
    {"/apis/coordination.k8s.io/v1/namespaces/*/leases", "leases", "Lease", "coordination.k8s.io/v1"},
};

std::optional<std::string> parameter(const std::multimap<std::string, std::string>& query, const char* name) {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

// Query booleans are decoded with Go's strconv.ParseBool.
std::optional<bool> parseBool(const std::string& text) {
  if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" || text == "True")
    return true;
  if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" || text == "False")
    return false;
  return std::nullopt;
}

std::string goParseError(const char* function, const std::string& text) {
  return std::string("strconv.") + function + ": parsing " + quoted(text) + ": invalid syntax";
}

}  // namespace

std::optional<CollectionRoute> routeCollection(const std::string& method, const std::string& path,
                                               const std::multimap<std::string, std::string>& query,
                                               const ObjectHistory& history) {
  // Only reads: creating in a collection (POST) belongs to the resource's own route.
  if (method != "GET") return std::nullopt;
  CollectionRequest request;
  for (const CollectionKind& collection : kCollections) {
    if (auto match = matchPath(path, collection.path)) {
      request.ns = (*match)[0];
      request.resource = collection.resource;
      request.kind = collection.kind;
      request.api_version = collection.api_version;
    }
  }
  if (request.resource.empty()) return std::nullopt;
  // The apiserver decodes the query into ListOptions; what does not decode is a 400 BadRequest
  // (handlers/get.go ListResource: errors.NewBadRequest(err.Error())).
  const auto badRequest = [](const std::string& message) {
    return CollectionRoute{WriteOutcome{400, badRequestStatus(message)}, std::nullopt};
  };
  std::string error;
  if (auto labels = LabelSelector::parse(parameter(query, "labelSelector").value_or(""), &error)) {
    request.labels = std::move(*labels);
  } else {
    return badRequest(error);
  }
  if (auto fields =
          FieldSelector::parse(parameter(query, "fieldSelector").value_or(""), request.kind, &error)) {
    request.fields = std::move(*fields);
  } else {
    return badRequest(error);
  }
  if (auto watch = parameter(query, "watch"); watch && !watch->empty()) {
    const std::optional<bool> value = parseBool(*watch);
    if (!value) return badRequest(goParseError("ParseBool", *watch));
    request.watch = *value;
  }
  if (auto bookmarks = parameter(query, "allowWatchBookmarks"); bookmarks && !bookmarks->empty()) {
    const std::optional<bool> value = parseBool(*bookmarks);
    if (!value) return badRequest(goParseError("ParseBool", *bookmarks));
    request.allow_bookmarks = *value;
  }
  if (auto timeout = parameter(query, "timeoutSeconds"); timeout && !timeout->empty()) {
    try {
      std::size_t used = 0;
      request.timeout_seconds = std::stol(*timeout, &used);
      if (used != timeout->size()) throw std::invalid_argument(*timeout);
    } catch (const std::exception&) {
      return badRequest(goParseError("ParseInt", *timeout));
    }
  }
  request.resource_version = parameter(query, "resourceVersion").value_or("");
  const std::string& version = request.resource_version;
  if (!version.empty() && version.find_first_not_of("0123456789") != std::string::npos) {
    // APIObjectVersioner.ParseResourceVersion: an invalid field error on "resourceVersion".
    return badRequest("resourceVersion: Invalid value: " + quoted(version) + ": " +
                      goParseError("ParseUint", version));
  }
  if (request.watch) return CollectionRoute{WriteOutcome{200, json()}, std::move(request)};
  return CollectionRoute{WriteOutcome{200, listCollection(request, history)}, std::nullopt};
}

json listCollection(const CollectionRequest& request, const ObjectHistory& history) {
  json items = json::array();
  // currentObjects comes in etcd key order (namespace, then name), the order of a real list.
  for (json& object : history.currentObjects(request.resource, request.ns))
    if (request.selects(object)) items.push_back(std::move(object));
  // A list's resourceVersion is the store's revision when it was read, whatever the items carry.
  return {{"kind", request.kind + "List"},
          {"apiVersion", request.api_version},
          {"metadata", {{"resourceVersion", std::to_string(history.current())}}},
          {"items", std::move(items)}};
}

}  // namespace lecter::testing
