#pragma once
/// The equality terms of a Kubernetes label selector ("a=b,c==d"), so a cache can answer a list by
/// selector without the ApiServer. Selectors with other terms (!=, in, notin, exists) are not handled
/// here: callers then ask the ApiServer. Pure.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace lecter {

using LabelTerms = std::map<std::string, std::string>;

/// key → value of every term, or nullopt when a term is not `key=value` / `key==value`. Empty selector:
/// no terms (selects everything).
std::optional<LabelTerms> equalityTerms(const std::string& selector);

/// Whether `object`'s metadata.labels hold every term.
bool carriesLabels(const nlohmann::json& object, const LabelTerms& terms);

}  // namespace lecter
