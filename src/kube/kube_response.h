#pragma once
/// Turns an ApiServer answer into a KubeResult: the object on success, the Status object's reason and
/// message on failure, the transport error when no answer came. Internal to the kube module.

#include <cstddef>
#include <string>

#include "lecter/kube/http_client.h"
#include "lecter/kube/kube_client.h"

namespace lecter {

/// `response` decoded. Never throws: a body that is not what the ApiServer sends is a failed result
/// whose message quotes the start of the body.
KubeResult decodeKubeResponse(const HttpResponse& response);

/// The start of `body` on one line, for error messages (at most `limit` characters, then "...").
std::string bodyExcerpt(const std::string& body, std::size_t limit = 200);

}  // namespace lecter
