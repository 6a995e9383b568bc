#pragma once
/// Turns an ApiServer answer into a KubeResult: on success the object, checked against what was asked
/// (answer_decoding.h); on failure the Status object's reason and message; the transport error when no
/// answer came. Internal to the kube module.

#include <cstddef>
#include <optional>
#include <string>

#include "lecter/kube/answer_decoding.h"
#include "lecter/kube/http_client.h"
#include "lecter/kube/kube_result.h"

namespace lecter {

/// The reason of a result whose 2xx answer could not be used (http_status is then 0).
inline constexpr const char* kInvalidResponse = "InvalidResponse";

/// `response` to `request` ("GET /api/v1/…", for messages) decoded. A 2xx body must be the `expected`
/// object: anything else is a failed result (reason InvalidResponse) whose message names the request
/// and the field, e.g. "GET …/endpoints/pg: metadata.resourceVersion: expected a string, got a number".
/// Without `expected` any JSON object is taken. Never throws.
KubeResult decodeKubeResponse(const HttpResponse& response, const std::string& request,
                              const std::optional<ExpectedObject>& expected);

/// The start of `body` on one line, for error messages (at most `limit` characters, then "...").
std::string bodyExcerpt(const std::string& body, std::size_t limit = 200);

}  // namespace lecter
