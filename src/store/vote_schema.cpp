#include "vote_schema.h"

#include <nlohmann/json.hpp>

namespace lecter::store {

std::string viewKey(const std::string& prefix, const std::string& board, const std::string& identity) {
  return prefix + ":quorum:" + board + ":view:" + identity;
}

std::string votersKey(const std::string& prefix, const std::string& board) {
  return prefix + ":quorum:" + board + ":voters";
}

std::string viewJson(const ReplicaView& view) {
  nlohmann::json outcomes = nlohmann::json::object();
  for (const auto& [target, outcome] : view.outcomes) outcomes[target] = outcome;
  return nlohmann::json{{"identity", view.identity}, {"outcomes", std::move(outcomes)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<ReplicaView> parseViewJson(const std::string& text, std::string& error) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    error = "not JSON";
    return std::nullopt;
  }
  if (!json.is_object()) {
    error = std::string("a JSON ") + json.type_name() + " instead of an object";
    return std::nullopt;
  }
  const auto identity = json.find("identity");
  if (identity == json.end() || !identity->is_string()) {
    error = "no string \"identity\"";
    return std::nullopt;
  }
  const auto outcomes = json.find("outcomes");
  if (outcomes == json.end() || !outcomes->is_object()) {
    error = "no object \"outcomes\"";
    return std::nullopt;
  }
  ReplicaView view;
  view.identity = identity->get<std::string>();
  for (const auto& [target, outcome] : outcomes->items()) {
    if (!outcome.is_string()) {
      error = "the outcome of " + target + " is a JSON " + outcome.type_name() + ", not a string";
      return std::nullopt;
    }
    view.outcomes.emplace(target, outcome.get<std::string>());
  }
  return view;
}

}  // namespace lecter::store
