"""/profile: show and change what the advice takes into account."""

from __future__ import annotations

from bot.actions.context import Context
from bot.actions.options import ProfileOptions
from bot.actions.reminders import checkin_follows_zone
from bot.actions.spec import CommandSpec
from bot.core.when import valid_timezone
from bot.render.member import profile_reply
from bot.render.reply import Reply


async def update_profile(ctx: Context, opts: ProfileOptions) -> Reply:
    changes = opts.model_dump(exclude_none=True)
    if opts.timezone is not None:
        # Stored under its canonical IANA spelling, whatever case the member typed.
        changes["timezone"] = valid_timezone(opts.timezone)
    if not changes:
        profile = await ctx.profile()
        return profile_reply(profile, ctx.member_zone(profile))
    was = ctx.member_zone(await ctx.profile()) if "timezone" in changes else None
    profile = await ctx.store.members.save_profile(ctx.member, now=ctx.now, **changes)
    checkin = None
    if was is not None:
        checkin = await checkin_follows_zone(ctx, was, ctx.member_zone(profile))
    return profile_reply(profile, ctx.member_zone(profile), changed=changes, checkin=checkin)


PROFILE = CommandSpec(
    "profile",
    "Show or set your time zone, experience, focus, units, listing, max HR and heads-ups.",
    ProfileOptions,
    update_profile,
    description="Show or change your profile",
)
