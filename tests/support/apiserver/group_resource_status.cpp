#include "support/apiserver/group_resource_status.h"

#include "support/apiserver/status.h"

namespace lecter::testing {

using nlohmann::json;

json groupDetails(const GroupResource& what, const std::string& name) {
  json body = {{"group", what.group}, {"kind", what.resource}};
  if (!name.empty()) body["name"] = name;  // omitempty
  return body;
}

json groupNotFoundStatus(const GroupResource& what, const std::string& name) {
  return statusBody(404, "NotFound", what.qualified() + " " + quoted(name) + " not found",
                    groupDetails(what, name));
}

json groupAlreadyExistsStatus(const GroupResource& what, const std::string& name) {
  return statusBody(409, "AlreadyExists", what.qualified() + " " + quoted(name) + " already exists",
                    groupDetails(what, name));
}

json groupConflictStatus(const GroupResource& what, const std::string& name) {
  std::string message = "Operation cannot be fulfilled on ";
  message += what.qualified();
  return statusBody(409, "Conflict",
                    message + " " + quoted(name) +
                        ": the object has been modified; please apply your changes to the latest version and "
                        "try again",
                    groupDetails(what, name));
}

json groupForbiddenStatus(const GroupResource& what, const std::string& user, const std::string& verb,
                          const std::string& ns, const std::string& name) {
  const std::string subject = name.empty() ? what.qualified() : what.qualified() + " " + quoted(name);
  return statusBody(403, "Forbidden",
                    subject + " is forbidden: User " + quoted(user) + " cannot " + verb + " resource " +
                        quoted(what.resource) + " in API group " + quoted(what.group) + " in the namespace " +
                        quoted(ns),
                    groupDetails(what, name));
}

}  // namespace lecter::testing
