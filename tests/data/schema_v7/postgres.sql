--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: checkin_answers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkin_answers (
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    local_date text NOT NULL,
    soreness integer NOT NULL,
    answered_at timestamp with time zone NOT NULL,
    CONSTRAINT checkin_answers_local_date_check CHECK ((local_date ~ '^\d{4}-\d{2}-\d{2}$'::text)),
    CONSTRAINT checkin_answers_soreness_check CHECK (((soreness >= 0) AND (soreness <= 10)))
);


--
-- Name: club_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.club_sessions (
    id bigint NOT NULL,
    guild_id bigint NOT NULL,
    weekday integer NOT NULL,
    start_minute integer NOT NULL,
    run_type text NOT NULL,
    name text,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT club_sessions_name_check CHECK (((name IS NULL) OR ((char_length(name) >= 1) AND (char_length(name) <= 50)))),
    CONSTRAINT club_sessions_run_type_check CHECK ((run_type = ANY (ARRAY['recovery'::text, 'easy'::text, 'steady'::text, 'long'::text, 'tempo'::text, 'intervals'::text, 'hills'::text, 'sprints'::text, 'hiit'::text, 'race'::text]))),
    CONSTRAINT club_sessions_start_minute_check CHECK (((start_minute >= 0) AND (start_minute <= 1439))),
    CONSTRAINT club_sessions_weekday_check CHECK (((weekday >= 0) AND (weekday <= 6)))
);


--
-- Name: club_sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.club_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.club_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: clubs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.clubs (
    guild_id bigint NOT NULL,
    channel_id bigint NOT NULL,
    post_minute integer NOT NULL,
    timezone text,
    enabled boolean NOT NULL,
    paused boolean DEFAULT false NOT NULL,
    failed_days integer DEFAULT 0 NOT NULL,
    effective_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT clubs_failed_days_check CHECK ((failed_days >= 0)),
    CONSTRAINT clubs_post_minute_check CHECK (((post_minute >= 0) AND (post_minute <= 1439)))
);


--
-- Name: guild_removals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.guild_removals (
    guild_id bigint NOT NULL,
    removed_at timestamp with time zone NOT NULL
);


--
-- Name: leg_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.leg_days (
    id bigint NOT NULL,
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    exercises integer NOT NULL,
    heaviest integer,
    sets integer,
    reps integer,
    hard_given boolean,
    is_hard boolean NOT NULL,
    notes text,
    created_at timestamp with time zone NOT NULL,
    minutes integer,
    rpe integer,
    CONSTRAINT leg_days_exercises_check CHECK (((exercises >= 0) AND (exercises <= 20))),
    CONSTRAINT leg_days_heaviest_check CHECK (((heaviest >= 1) AND (heaviest <= 100))),
    CONSTRAINT leg_days_minutes_check CHECK (((minutes >= 1) AND (minutes <= 300))),
    CONSTRAINT leg_days_reps_check CHECK (((reps >= 1) AND (reps <= 50))),
    CONSTRAINT leg_days_rpe_check CHECK (((rpe >= 1) AND (rpe <= 10))),
    CONSTRAINT leg_days_sets_check CHECK (((sets >= 1) AND (sets <= 20)))
);


--
-- Name: leg_days_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.leg_days ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.leg_days_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: member_notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.member_notices (
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    kind text NOT NULL,
    message text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.members (
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    timezone text,
    experience text DEFAULT 'intermediate'::text NOT NULL,
    focus text DEFAULT 'balanced'::text NOT NULL,
    units text DEFAULT 'km'::text NOT NULL,
    listed boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone NOT NULL,
    max_hr integer,
    CONSTRAINT members_experience_check CHECK ((experience = ANY (ARRAY['beginner'::text, 'intermediate'::text, 'advanced'::text]))),
    CONSTRAINT members_focus_check CHECK ((focus = ANY (ARRAY['endurance'::text, 'balanced'::text, 'strength'::text]))),
    CONSTRAINT members_max_hr_check CHECK (((max_hr >= 100) AND (max_hr <= 230))),
    CONSTRAINT members_units_check CHECK ((units = ANY (ARRAY['km'::text, 'mi'::text])))
);


--
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: posts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts (
    guild_id bigint NOT NULL,
    local_date date NOT NULL,
    slot_at timestamp with time zone NOT NULL,
    status text NOT NULL,
    channel_id bigint,
    message_id bigint,
    attempts integer DEFAULT 0 NOT NULL,
    retry_at timestamp with time zone,
    error text,
    tip_id text,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT posts_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT posts_status_check CHECK ((status = ANY (ARRAY['sending'::text, 'sent'::text, 'unknown'::text, 'retry'::text, 'failed'::text, 'skipped'::text])))
);


--
-- Name: races; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.races (
    id bigint NOT NULL,
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    race_on text NOT NULL,
    name text NOT NULL,
    distance text,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT races_distance_check CHECK ((distance = ANY (ARRAY['5k'::text, '10k'::text, 'half'::text, 'marathon'::text, 'ultra'::text, 'other'::text]))),
    CONSTRAINT races_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT races_race_on_check CHECK ((race_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'::text))
);


--
-- Name: races_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.races ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.races_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.runs (
    id bigint NOT NULL,
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    run_type text NOT NULL,
    distance_km double precision,
    minutes double precision,
    rpe integer,
    notes text,
    created_at timestamp with time zone NOT NULL,
    moving_seconds integer,
    elapsed_seconds integer,
    avg_hr integer,
    max_hr integer,
    elevation_gain_m integer,
    source text DEFAULT 'typed'::text NOT NULL,
    CONSTRAINT runs_avg_hr_check CHECK ((avg_hr > 0)),
    CONSTRAINT runs_distance_km_check CHECK ((distance_km > (0)::double precision)),
    CONSTRAINT runs_elapsed_seconds_check CHECK ((elapsed_seconds >= 0)),
    CONSTRAINT runs_elevation_gain_m_check CHECK ((elevation_gain_m >= 0)),
    CONSTRAINT runs_max_hr_check CHECK ((max_hr > 0)),
    CONSTRAINT runs_minutes_check CHECK ((minutes > (0)::double precision)),
    CONSTRAINT runs_moving_seconds_check CHECK ((moving_seconds >= 0)),
    CONSTRAINT runs_rpe_check CHECK (((rpe >= 1) AND (rpe <= 10))),
    CONSTRAINT runs_run_type_check CHECK ((run_type = ANY (ARRAY['recovery'::text, 'easy'::text, 'steady'::text, 'long'::text, 'tempo'::text, 'intervals'::text, 'hills'::text, 'sprints'::text, 'hiit'::text, 'race'::text]))),
    CONSTRAINT runs_source_check CHECK ((source = ANY (ARRAY['typed'::text, 'fit'::text, 'gpx'::text, 'tcx'::text])))
);


--
-- Name: runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: timers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.timers (
    id bigint NOT NULL,
    guild_id bigint NOT NULL,
    user_id bigint NOT NULL,
    kind text NOT NULL,
    due_at timestamp with time zone NOT NULL,
    next_at timestamp with time zone NOT NULL,
    entry_id bigint,
    minute integer,
    state text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    error text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT timers_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT timers_check CHECK (((kind = 'ready'::text) = (entry_id IS NOT NULL))),
    CONSTRAINT timers_check1 CHECK (((kind = 'checkin'::text) = (minute IS NOT NULL))),
    CONSTRAINT timers_kind_check CHECK ((kind = ANY (ARRAY['ready'::text, 'checkin'::text]))),
    CONSTRAINT timers_minute_check CHECK (((minute IS NULL) OR ((minute >= 0) AND (minute <= 1439)))),
    CONSTRAINT timers_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'cancelled'::text, 'dropped'::text, 'failed'::text, 'unknown'::text])))
);


--
-- Name: timers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.timers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.timers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Data for Name: checkin_answers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.checkin_answers VALUES (1000000000000000001, 2000000000000000001, '2024-03-04', 3, '2024-03-04 18:30:00+00');


--
-- Data for Name: club_sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.club_sessions OVERRIDING SYSTEM VALUE VALUES (8, 1000000000000000001, 1, 1110, 'intervals', 'Track Tuesday', '2024-03-04 18:30:00+00');


--
-- Data for Name: clubs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.clubs VALUES (1000000000000000001, 3000000000000000001, 420, 'Europe/Paris', true, false, 1, '2024-03-04 18:30:00+00', '2024-03-04 18:30:00+00');


--
-- Data for Name: guild_removals; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.guild_removals VALUES (1000000000000000009, '2024-03-04 18:30:00+00');


--
-- Data for Name: leg_days; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.leg_days OVERRIDING SYSTEM VALUE VALUES (3, 1000000000000000001, 2000000000000000001, '2024-03-03 18:30:00+00', 4, 85, 5, 5, true, true, 'squats', '2024-03-03 18:36:40+00', 60, 8);
INSERT INTO public.leg_days OVERRIDING SYSTEM VALUE VALUES (7, 1000000000000000001, 2000000000000000002, '2024-03-04 17:30:00+00', 1, NULL, NULL, NULL, NULL, false, NULL, '2024-03-04 17:31:40+00', NULL, NULL);


--
-- Data for Name: member_notices; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.member_notices VALUES (1000000000000000001, 2000000000000000002, 'dm_closed', 'Your DMs are closed.', '2024-03-04 18:30:00+00');


--
-- Data for Name: members; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.members VALUES (1000000000000000001, 2000000000000000001, 'Europe/Paris', 'advanced', 'strength', 'mi', false, '2024-03-04 18:30:00+00', 190);
INSERT INTO public.members VALUES (1000000000000000001, 2000000000000000002, NULL, 'beginner', 'balanced', 'km', true, '2024-03-04 18:30:01+00', NULL);


--
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.meta VALUES ('command_tree_hash', 'abc123');


--
-- Data for Name: posts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.posts VALUES (1000000000000000001, '2024-03-03', '2024-03-03 18:30:00+00', 'sent', 3000000000000000001, 4000000000000000001, 1, NULL, NULL, 'carbs', '2024-03-03 18:31:40+00');
INSERT INTO public.posts VALUES (1000000000000000001, '2024-03-04', '2024-03-04 18:30:00+00', 'retry', 3000000000000000001, NULL, 2, '2024-03-04 18:35:00+00', 'HTTP 503', NULL, '2024-03-04 18:30:10+00');


--
-- Data for Name: races; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.races OVERRIDING SYSTEM VALUE VALUES (2, 1000000000000000001, 2000000000000000001, '2024-05-12', 'City 10k', '10k', '2024-03-04 18:30:00+00');


--
-- Data for Name: runs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.runs OVERRIDING SYSTEM VALUE VALUES (4, 1000000000000000001, 2000000000000000001, '2024-03-04 16:30:00+00', 'easy', 8.5, 50, 4, 'river', '2024-03-04 16:33:20+00', 2950, 3100, 140, 160, 40, 'fit');
INSERT INTO public.runs OVERRIDING SYSTEM VALUE VALUES (9, 1000000000000000001, 2000000000000000002, '2024-03-04 18:28:20+00', 'tempo', NULL, 30, NULL, NULL, '2024-03-04 18:29:10+00', NULL, NULL, NULL, NULL, NULL, 'typed');


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, 'initial', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (2, 'club_posts', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (3, 'privacy', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (4, 'entry_ids_never_reused', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (5, 'run_details', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (6, 'training_load', '2024-03-01 00:00:00+00');
INSERT INTO public.schema_migrations VALUES (7, 'timers', '2024-03-01 00:00:00+00');


--
-- Data for Name: timers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.timers OVERRIDING SYSTEM VALUE VALUES (5, 1000000000000000001, 2000000000000000001, 'ready', '2024-03-04 18:40:00+00', '2024-03-04 18:40:00+00', 3, NULL, 'pending', 0, NULL, '2024-03-04 18:30:00+00', '2024-03-04 18:30:00+00');
INSERT INTO public.timers OVERRIDING SYSTEM VALUE VALUES (6, 1000000000000000001, 2000000000000000002, 'checkin', '2024-03-04 18:45:00+00', '2024-03-04 18:46:00+00', NULL, 480, 'sent', 1, 'x', '2024-03-04 18:30:00+00', '2024-03-04 18:30:01+00');


--
-- Name: club_sessions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.club_sessions_id_seq', 8, true);


--
-- Name: leg_days_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.leg_days_id_seq', 7, true);


--
-- Name: races_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.races_id_seq', 2, true);


--
-- Name: runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.runs_id_seq', 9, true);


--
-- Name: timers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.timers_id_seq', 6, true);


--
-- Name: checkin_answers checkin_answers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkin_answers
    ADD CONSTRAINT checkin_answers_pkey PRIMARY KEY (guild_id, user_id, local_date);


--
-- Name: club_sessions club_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.club_sessions
    ADD CONSTRAINT club_sessions_pkey PRIMARY KEY (id);


--
-- Name: clubs clubs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clubs
    ADD CONSTRAINT clubs_pkey PRIMARY KEY (guild_id);


--
-- Name: guild_removals guild_removals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.guild_removals
    ADD CONSTRAINT guild_removals_pkey PRIMARY KEY (guild_id);


--
-- Name: leg_days leg_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leg_days
    ADD CONSTRAINT leg_days_pkey PRIMARY KEY (id);


--
-- Name: member_notices member_notices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.member_notices
    ADD CONSTRAINT member_notices_pkey PRIMARY KEY (guild_id, user_id, kind);


--
-- Name: members members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_pkey PRIMARY KEY (guild_id, user_id);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (guild_id, local_date);


--
-- Name: races races_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_pkey PRIMARY KEY (id);


--
-- Name: runs runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: timers timers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.timers
    ADD CONSTRAINT timers_pkey PRIMARY KEY (id);


--
-- Name: club_sessions_guild_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX club_sessions_guild_day ON public.club_sessions USING btree (guild_id, weekday, start_minute, id);


--
-- Name: clubs_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX clubs_due ON public.clubs USING btree (guild_id) WHERE (enabled AND (NOT paused));


--
-- Name: leg_days_guild_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX leg_days_guild_at ON public.leg_days USING btree (guild_id, at);


--
-- Name: leg_days_member_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX leg_days_member_at ON public.leg_days USING btree (guild_id, user_id, at, id);


--
-- Name: leg_days_member_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX leg_days_member_created ON public.leg_days USING btree (guild_id, user_id, created_at, id);


--
-- Name: leg_days_member_hard_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX leg_days_member_hard_at ON public.leg_days USING btree (guild_id, user_id, at, id) WHERE is_hard;


--
-- Name: races_guild_on; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX races_guild_on ON public.races USING btree (guild_id, race_on);


--
-- Name: races_member_on; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX races_member_on ON public.races USING btree (guild_id, user_id, race_on);


--
-- Name: runs_guild_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX runs_guild_at ON public.runs USING btree (guild_id, at);


--
-- Name: runs_member_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX runs_member_at ON public.runs USING btree (guild_id, user_id, at, id);


--
-- Name: runs_member_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX runs_member_created ON public.runs USING btree (guild_id, user_id, created_at, id);


--
-- Name: timers_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX timers_due ON public.timers USING btree (next_at) WHERE (state = 'pending'::text);


--
-- Name: timers_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX timers_member ON public.timers USING btree (guild_id, user_id, kind, state);


--
-- Name: timers_one_ready; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX timers_one_ready ON public.timers USING btree (guild_id, user_id) WHERE ((state = 'pending'::text) AND (kind = 'ready'::text));


--
-- Name: leg_days leg_days_guild_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leg_days
    ADD CONSTRAINT leg_days_guild_id_user_id_fkey FOREIGN KEY (guild_id, user_id) REFERENCES public.members(guild_id, user_id) ON DELETE CASCADE;


--
-- Name: races races_guild_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_guild_id_user_id_fkey FOREIGN KEY (guild_id, user_id) REFERENCES public.members(guild_id, user_id) ON DELETE CASCADE;


--
-- Name: runs runs_guild_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_guild_id_user_id_fkey FOREIGN KEY (guild_id, user_id) REFERENCES public.members(guild_id, user_id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


