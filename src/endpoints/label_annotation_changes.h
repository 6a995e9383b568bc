#pragma once
/// The labels and annotations part of "why does this object need a write", shared by Endpoints and
/// EndpointSlices.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lecter {

/// Appends "label K" / "annotation K" to `changes` for each key `desired`'s metadata sets that `live`'s
/// metadata lacks or holds another value for. Keys only `live` carries are not changes: others may add them.
void addLabelAndAnnotationChanges(const nlohmann::json& desired, const nlohmann::json& live,
                                  std::vector<std::string>& changes);

}  // namespace lecter
