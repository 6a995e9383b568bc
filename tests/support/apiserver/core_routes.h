#pragma once
/// The fixture's routes for Services (GET) and Events (POST), apart from the Endpoints ones.

#include <optional>
#include <string>

#include "support/apiserver/endpoints_store.h"
#include "support/apiserver/event_store.h"
#include "support/apiserver/request_body.h"
#include "support/apiserver/service_store.h"

namespace lecter::testing {

/// One authenticated request, as far as these routes need it.
struct CoreRequest {
  std::string method;
  std::string path;
  /// The body of a PUT or POST, decoded before the fixture's lock was taken (the apiserver decodes each
  /// request on its own goroutine); a route moves the object out of it.
  DecodedBody* body = nullptr;
  bool read_only = false;  // the token may read but not write (403 on create)
  std::string user;        // named in a 403
};

/// Answers GET /api/v1/namespaces/NS/services/NAME and POST /api/v1/namespaces/NS/events;
/// nullopt for any other path, so the caller routes it.
std::optional<WriteOutcome> routeServicesAndEvents(const CoreRequest& request, const ServiceStore& services,
                                                   EventStore& events);

}  // namespace lecter::testing
