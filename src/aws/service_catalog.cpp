#include "aws/service_catalog.hpp"

#include <stdexcept>

#include "ecsemu/protocol/embedded_models.hpp"

namespace ecsemu::aws {

using protocol::Protocol;

ServiceCatalog::ServiceCatalog()
    : services_{
          // ECS's model has no ValidationException: a value outside the model's constraints is an
          // InvalidParameterException ("include should be one of [ATTACHMENTS,SETTINGS,STATISTICS,TAGS]").
          {"ecs", Protocol::Json, "AmazonEC2ContainerServiceV20141113", "ecs", "2014-11-13", "ECS",
           "InvalidParameterException"},
          {"logs", Protocol::Json, "Logs_20140328", "logs", "2014-03-28", "CloudWatch Logs", "InvalidParameterException"},
          {"ssm", Protocol::Json, "AmazonSSM", "ssm", "2014-11-06", "SSM"},
          {"ec2", Protocol::Ec2, "", "ec2", "2016-11-15", "EC2"},
          {"elbv2", Protocol::Query, "", "elasticloadbalancing", "2015-12-01", "Elastic Load Balancing v2"},
          {"autoscaling", Protocol::Query, "", "autoscaling", "2011-01-01", "Auto Scaling"},
          {"sts", Protocol::Query, "", "sts", "2011-06-15", "STS"},
          {"iam", Protocol::Query, "", "iam", "2010-05-08", "IAM"},
          {"secretsmanager", Protocol::Json, "secretsmanager", "secretsmanager", "2017-10-17", "Secrets Manager"},
          {"acm", Protocol::Json, "CertificateManager", "acm", "2015-12-08", "ACM"},
          {"cloudwatch", Protocol::Json, "GraniteServiceVersion20100801", "monitoring", "2010-08-01", "CloudWatch"},
          {"application-autoscaling", Protocol::Json, "AnyScaleFrontendService", "application-autoscaling",
           "2016-02-06", "Application Auto Scaling"},
      },
      slots_(std::make_unique<Slot[]>(services_.size())) {}

const ServiceInfo* ServiceCatalog::by_key(std::string_view key) const {
  for (const auto& s : services_) {
    if (s.key == key) {
      return &s;
    }
  }
  return nullptr;
}

const ServiceInfo* ServiceCatalog::by_target_prefix(std::string_view prefix) const {
  for (const auto& s : services_) {
    if (!s.target_prefix.empty() && s.target_prefix == prefix) {
      return &s;
    }
  }
  return nullptr;
}

const ServiceInfo* ServiceCatalog::by_signing_name(std::string_view signing_name) const {
  for (const auto& s : services_) {
    if (s.signing_name == signing_name) {
      return &s;
    }
  }
  return nullptr;
}

const ServiceInfo* ServiceCatalog::by_api_version(std::string_view version) const {
  for (const auto& s : services_) {
    if (s.protocol != Protocol::Json && s.api_version == version) {
      return &s;
    }
  }
  return nullptr;
}

const protocol::ServiceModel& ServiceCatalog::model(const ServiceInfo& service) const {
  auto index = static_cast<std::size_t>(&service - services_.data());
  Slot& slot = slots_[index];
  std::call_once(slot.once, [&] {
    for (const auto& embedded : protocol::embedded_models()) {
      if (embedded.service == service.key) {
        slot.model = protocol::ServiceModel::from_json(embedded.json);
        return;
      }
    }
    throw std::runtime_error("no embedded model for service " + std::string(service.key));
  });
  return *slot.model;
}

}  // namespace ecsemu::aws
