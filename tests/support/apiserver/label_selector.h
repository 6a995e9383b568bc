#pragma once
/// The label selectors of a list or watch query (`labelSelector=`), parsed and matched as
/// k8s.io/apimachinery/pkg/labels does: `k=v`, `k==v`, `k!=v` (also true when the label is absent),
/// `k` (exists), `!k` (does not exist), `k in (a,b)` (exists with one of the values), `k notin (a,b)`
/// (absent or none of the values; `()` is the set of the empty value); a comma is AND; an empty
/// selector matches everything. `gt` and `lt` are refused as unsupported by the fixture.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

class LabelSelector {
 public:
  enum class Operator { Equals, NotEquals, Exists, DoesNotExist, In, NotIn };
  struct Requirement {
    std::string key;
    Operator op = Operator::Exists;
    std::set<std::string> values;  // one for Equals and NotEquals, none for Exists and DoesNotExist
  };

  /// Parses `text`; on bad syntax returns nullopt and sets `error` to the message the apiserver puts
  /// in its 400 (e.g. "unable to parse requirement: found '=', expected: identifier").
  static std::optional<LabelSelector> parse(const std::string& text, std::string* error);

  /// Whether an object's `metadata.labels` satisfy every requirement.
  [[nodiscard]] bool matches(const nlohmann::json& object) const;
  [[nodiscard]] const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace lecter::testing
