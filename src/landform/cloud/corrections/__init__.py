"""The embedded emulator (moto) corrected where it differs from AWS in what Landform
relies on. Each correction is one function whose docstring says what AWS does."""

from __future__ import annotations

import threading

from landform.cloud.corrections import services, sharing, vpcs

_DONE = threading.Event()


def behave_as_aws() -> None:
    """Apply every correction (once per process)."""
    if _DONE.is_set():
        return
    services.tag_attachments_on_create()
    services.look_up_tags_directly()
    services.run_ecs_services()
    services.honour_num_cache_clusters()
    services.finish_cache_deletions()
    services.delete_cache_subnet_groups()
    services.refuse_deleting_unknown_transit_gateways()
    services.report_the_root_user()
    services.tag_dashboards()
    services.answer_the_default_ebs_key()
    services.change_a_functions_key()
    vpcs.delete_the_default_acl_with_its_vpc()
    vpcs.make_default_subnets_in_the_default_vpc_only()
    sharing.share_with_units_from_member_accounts()
    sharing.tag_resource_shares()
    sharing.associate_resource_shares()
    sharing.attach_to_shared_transit_gateways()
    sharing.keep_attachment_tags_per_account()
    sharing.route_to_shared_transit_gateways()
    _DONE.set()
