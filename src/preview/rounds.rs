//! The builder: waits for saves, reloads the project, lays out again only the documents whose
//! inputs changed, each in the Typst world it kept from the last round, publishes the pages,
//! and then runs the checks on them, giving way as soon as another save comes in.
//!
//! Speed comes from reuse: the fonts and standard library are loaded once; each document keeps
//! its world, whose files are reset rather than dropped, so Typst's memoized work (comemo)
//! carries over; a document whose data did not change (English, when `ti.toml` is saved) is
//! not laid out at all; and the checks, which decode every QR code, run after the pages are
//! out, on two threads, and stop when a new save arrives.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};

use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::{Doc, DocKey, Hub, MakeOptions, Round, pages};
use crate::batch;
use crate::checks::{self, Diagnostic, glyphs};
use crate::content::{SOURCE_LANGUAGE, WarningKind};
use crate::deadline::{self, Stopped};
use crate::error::{Error, Result};
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::render::{self};
use crate::world::LeafWorld;

/// How long the files must stay quiet before a round starts: one save is often several events
/// (truncate, write, close; or write a copy, rename), and reading between them would show a
/// half-written file.
const QUIET: Duration = Duration::from_millis(5);

/// The longest a stream of events may delay a round.
const MAX_BATCH: Duration = Duration::from_millis(200);

/// How many documents are laid out or checked at once: the machines this runs on have two
/// cores or more.
const WORKERS: usize = 2;

/// How many rounds an entry of Typst's memo cache may go unused before it is dropped.
const CACHE_ROUNDS: usize = 10;

/// What wakes the builder.
#[derive(Debug)]
pub enum Event {
    /// A file changed: under `layouts/` when `layouts` is set, else content or organisation.
    Changed {
        /// Whether the file is under `layouts/`.
        layouts: bool,
    },
    /// A page asks for a language not yet kept up to date.
    Activate(String),
}

/// A document's virtual files by path.
type Inputs = HashMap<String, Bytes>;

/// A document laid out in this round, kept for its checks.
struct Laid {
    job: Job,
    laid_out: PagedDocument,
    printed: PagedDocument,
}

/// What laying out one document gave.
enum Outcome {
    /// Its inputs are the same as last time, so its pages are too.
    Unchanged(DocKey, Inputs, Option<LeafWorld>),
    /// New pages, the world they were made in and the inputs they were made from.
    Laid(Box<Laid>, LeafWorld, Inputs),
    /// It could not be laid out.
    Failed(Job, Error),
    /// It did not finish in time. Its inputs are kept, so that it is not laid out again (on
    /// another thread that would never end either) until they or a layout change.
    Stuck(Job, Error, Inputs),
}

/// Keeps the documents of the active languages up to date.
pub struct Builder {
    hub: Arc<Hub>,
    make_options: MakeOptions,
    events: Receiver<Event>,
    project: Arc<Project>,
    options: Arc<Options>,
    /// One world per document, kept from round to round.
    worlds: HashMap<DocKey, LeafWorld>,
    /// The virtual inputs each document was last laid out with.
    inputs: HashMap<DocKey, Inputs>,
    /// Documents laid out whose checks have not run yet.
    unchecked: BTreeSet<DocKey>,
    /// Their pages, for the checks.
    laid: HashMap<DocKey, Laid>,
    /// Why the project did not load at the last try; rounds in between (a language asked for)
    /// lay out from the last project that did, and the page keeps showing why.
    load_error: Option<String>,
    /// A layout was saved in a round whose files did not load: the next round that loads must
    /// still lay everything out again.
    layouts_pending: bool,
}

impl Builder {
    /// A builder for the hub's project, woken by `events`.
    pub fn new(hub: Arc<Hub>, make_options: MakeOptions, events: Receiver<Event>) -> Self {
        let (project, options) = {
            let state = hub.state();
            (state.project.clone(), state.options.clone())
        };
        Self {
            hub,
            make_options,
            events,
            project,
            options,
            worlds: HashMap::new(),
            inputs: HashMap::new(),
            unchecked: BTreeSet::new(),
            laid: HashMap::new(),
            load_error: None,
            layouts_pending: false,
        }
    }

    /// Lays out every document once, then one round per batch of events, for ever.
    pub fn run(mut self) {
        self.round(Instant::now(), false, false);
        while let Ok(first) = self.events.recv() {
            let start = Instant::now();
            let mut batch = vec![first];
            while let Ok(event) = self.events.recv_timeout(QUIET) {
                batch.push(event);
                if start.elapsed() > MAX_BATCH {
                    break;
                }
            }
            // Every event gathered is handled by this round. (One sent between the last wait
            // and this line waits for the next round, and the checks do not give way to it.)
            self.hub.pending.store(false, std::sync::atomic::Ordering::SeqCst);
            let mut reload = false;
            let mut layouts = false;
            for event in batch {
                match event {
                    Event::Changed { layouts: in_layouts } => {
                        reload = true;
                        layouts |= in_layouts;
                    }
                    Event::Activate(lang) => {
                        self.hub.state().active.insert(lang);
                    }
                }
            }
            self.round(start, reload, layouts);
        }
    }

    /// One round: reload if files changed, lay out what changed and publish each document as
    /// soon as it is ready, then check them.
    fn round(&mut self, start: Instant, reload: bool, layouts_changed: bool) {
        let layouts_changed = layouts_changed || std::mem::take(&mut self.layouts_pending);
        let mut fresh_shared = false;
        if reload {
            match self.reload() {
                Ok(shared_changed) => {
                    fresh_shared = shared_changed;
                    self.load_error = None;
                }
                Err(error) => {
                    crate::errln!("{error}");
                    self.load_error = Some(error.to_string());
                    self.hub.publish(|state| state.error = Some(error.to_string()));
                    self.layouts_pending = layouts_changed;
                    // The last good pages stay, so their checks still finish.
                    self.check_all();
                    return;
                }
            }
        }
        let jobs = self.jobs();
        self.hub.state().updating = true;
        // Kept worlds are no use when the fonts were loaded again; kept inputs no use when a
        // layout changed, as the same data then makes different pages.
        if fresh_shared {
            self.worlds.clear();
        }
        if layouts_changed || fresh_shared {
            self.inputs.clear();
        }
        let count = self.lay_out_and_publish(&jobs, start);
        self.finish_round(&jobs, start);
        if count > 0 {
            crate::outln!("updated {count} documents in {} ms", start.elapsed().as_millis());
        }
        self.check_all();
        comemo::evict(CACHE_ROUNDS);
    }

    /// Loads the project and the options again; says whether fonts and QR codes were reloaded
    /// too, which invalidates every kept world.
    fn reload(&mut self) -> Result<bool> {
        let project = self.project.reload()?;
        let options = (self.make_options)(&project)?;
        let shared_changed = !Arc::ptr_eq(&project.shared, &self.project.shared);
        self.project = Arc::new(project);
        self.options = Arc::new(options);
        Ok(shared_changed)
    }

    /// Every document of the active languages: first the layout the page shows, in the
    /// language it shows, then that language's other layouts, the multilingual ones, and the
    /// rest.
    fn jobs(&self) -> Vec<Job> {
        let (active, focus) = {
            let state = self.hub.state();
            (state.active.clone(), state.focus.clone())
        };
        let mut jobs = Vec::new();
        for layout in &self.project.layouts {
            if layout.all_languages {
                jobs.push(Job::new(&self.project, layout, SOURCE_LANGUAGE));
                continue;
            }
            for lang in active.iter().filter(|l| self.project.content.language(l).is_some()) {
                jobs.push(Job::new(&self.project, layout, lang));
            }
        }
        let rank = |job: &Job| {
            let shown = job.language == focus.lang || job.layout.all_languages;
            match (shown, focus.layout.as_deref() == Some(job.layout.name.as_str())) {
                (true, true) => 0,
                (true, false) if job.language == focus.lang => 1,
                (true, false) => 2,
                (false, _) => 3,
            }
        };
        jobs.sort_by_key(|job| rank(job));
        jobs
    }

    /// Lays out the `jobs` whose inputs changed on [`WORKERS`] threads, each document in its
    /// kept world, and publishes each one as it is done; returns how many were laid out. The
    /// inputs are made on the workers too, so that the first document starts at once.
    fn lay_out_and_publish(&mut self, jobs: &[Job], start: Instant) -> usize {
        let mut queue = VecDeque::new();
        for job in jobs {
            let key = DocKey::of(job);
            queue.push_back((job.clone(), self.inputs.remove(&key), self.worlds.remove(&key)));
        }
        let queue = Mutex::new(queue);
        let (project, options) = (self.project.clone(), self.options.clone());
        let limit = self.hub.timeout;
        let (sender, outcomes) = mpsc::channel();
        let mut laid_out = 0;
        thread::scope(|scope| {
            for _ in 0..WORKERS {
                let sender = sender.clone();
                let (queue, project, options) = (&queue, &project, &options);
                batch::spawn_worker(scope, move || {
                    while let Some((job, old, world)) = lock(queue).pop_front() {
                        // The builder is waiting for it below, until every worker is done.
                        let _ =
                            sender.send(lay_out_in_time(project, options, job, old, world, limit));
                    }
                });
            }
            drop(sender);
            for outcome in outcomes {
                if let Outcome::Unchanged(key, inputs, world) = outcome {
                    self.inputs.insert(key.clone(), inputs);
                    world.map(|world| self.worlds.insert(key, world));
                    continue;
                }
                self.publish_doc(outcome, laid_out == 0, start);
                laid_out += 1;
            }
        });
        laid_out
    }

    /// Publishes one document: new pages, or the old ones with the error that kept it from
    /// being laid out. The first of a round also publishes the project it was made from.
    fn publish_doc(&mut self, outcome: Outcome, first: bool, start: Instant) {
        let outcome = match outcome {
            Outcome::Stuck(job, error, inputs) => {
                self.inputs.insert(DocKey::of(&job), inputs);
                Outcome::Failed(job, error)
            }
            other => other,
        };
        let (key, doc) = match outcome {
            Outcome::Unchanged(..) | Outcome::Stuck(..) => return,
            Outcome::Laid(laid, world, inputs) => {
                let key = DocKey::of(&laid.job);
                self.inputs.insert(key.clone(), inputs);
                let pages = laid.printed.pages().to_vec();
                let hashes = pages.iter().map(pages::visible_hash).collect();
                let doc = Doc { job: laid.job.clone(), pages, hashes, error: None, findings: None };
                self.worlds.insert(key.clone(), world);
                self.unchecked.insert(key.clone());
                self.laid.insert(key.clone(), *laid);
                (key, doc)
            }
            Outcome::Failed(job, error) => {
                let key = DocKey::of(&job);
                // A world is handed back only with pages; the next round makes a new one.
                if !matches!(error, Error::TimedOut { .. }) {
                    self.inputs.remove(&key);
                }
                self.unchecked.remove(&key);
                let check = if matches!(error, Error::Content(_)) { "glyphs" } else { "layout" };
                let findings = Some(vec![Diagnostic::from_error(check, &error)]);
                let error = Some(error.to_string());
                (key, Doc { job, pages: Vec::new(), hashes: Vec::new(), error, findings })
            }
        };
        let (project, options) = (self.project.clone(), self.options.clone());
        let error = self.load_error.clone();
        self.hub.publish(|state| {
            let mut doc = doc;
            if let (Some(old), true) = (state.docs.get(&key), doc.error.is_some()) {
                doc.pages = old.pages.clone();
                doc.hashes = old.hashes.clone();
            }
            state.docs.insert(key, doc);
            if first {
                state.project = project;
                state.options = options;
                state.error = error;
            }
            state.round = Some(Round { elapsed: start.elapsed() });
        });
    }

    /// Publishes the end of a round: the content's problems, the project it was made from, and
    /// no documents of layouts or languages that are gone. Drops images no page shows.
    fn finish_round(&mut self, jobs: &[Job], start: Instant) {
        let active = self.hub.state().active.clone();
        let problems = content_problems(&self.project, &active);
        let keys: BTreeSet<DocKey> = jobs.iter().map(DocKey::of).collect();
        let (project, options) = (self.project.clone(), self.options.clone());
        let busy = !self.unchecked.is_empty();
        let error = self.load_error.clone();
        self.hub.publish(|state| {
            state.docs.retain(|key, _| keys.contains(key));
            state.project = project;
            state.options = options;
            state.error = error;
            state.content_problems = problems;
            state.updating = false;
            state.checking = busy;
            if state.round.is_none() {
                state.round = Some(Round { elapsed: start.elapsed() });
            }
        });
        self.worlds.retain(|key, _| keys.contains(key));
        self.laid.retain(|key, _| keys.contains(key));
        self.unchecked.retain(|key| keys.contains(key));
        let state = self.hub.state();
        let live: BTreeSet<u128> = state.docs.values().flat_map(|d| d.hashes.clone()).collect();
        lock(&self.hub.svgs).retain(|hash, _| live.contains(hash));
    }

    /// Checks the documents laid out since their last check, the focused language first, and
    /// publishes what they found; stops early when a new save waits.
    fn check_all(&mut self) {
        let focus = self.hub.state().focus.clone();
        let mut keys: Vec<DocKey> = self.unchecked.iter().cloned().collect();
        keys.sort_by_key(|key| {
            (key.folder != focus.lang, Some(&key.layout) != focus.layout.as_ref())
        });
        let queue = Mutex::new(VecDeque::from(keys));
        let found = Mutex::new(Vec::new());
        let (project, options, laid, hub) = (&self.project, &self.options, &self.laid, &self.hub);
        thread::scope(|scope| {
            for _ in 0..WORKERS {
                batch::spawn_worker(scope, || {
                    while !hub.is_pending() {
                        let Some(key) = lock(&queue).pop_front() else { break };
                        let Some(laid) = laid.get(&key) else { continue };
                        let checked = catch_unwind(AssertUnwindSafe(|| {
                            let job = &laid.job;
                            checks::document(project, job, options, &laid.laid_out, &laid.printed)
                        }));
                        let findings = match checked {
                            Ok(checked) => checked.findings,
                            Err(_) => {
                                vec![Diagnostic::error("layout", "the checks stopped unexpectedly").hint(
                                    "this is a bug in leafpress; the pages are shown unchecked",
                                )]
                            }
                        };
                        lock(&found).push((key, findings));
                    }
                });
            }
        });
        let found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
        for (key, _) in &found {
            self.unchecked.remove(key);
        }
        let done = self.unchecked.is_empty();
        self.hub.publish(|state| {
            for (key, findings) in found {
                if let Some(doc) = state.docs.get_mut(&key) {
                    doc.findings = Some(findings);
                }
            }
            state.checking = !done;
        });
    }
}

/// [`lay_out`] on a thread of its own, given at most `limit`, unless its inputs are the `old`
/// ones: a layout that never finishes fails on the page, and the preview carries on (the
/// world it had goes with its thread).
fn lay_out_in_time(
    project: &Arc<Project>,
    options: &Arc<Options>,
    job: Job,
    old: Option<Inputs>,
    world: Option<LeafWorld>,
    limit: Duration,
) -> Outcome {
    let inputs = match render::inputs(project, &job, &render::page_options(&job, options)) {
        Ok(inputs) => inputs,
        Err(error) => return Outcome::Failed(job, error),
    };
    if old.as_ref() == Some(&inputs) {
        return Outcome::Unchanged(DocKey::of(&job), inputs, world);
    }
    let (failed, kept) = (job.clone(), inputs.clone());
    let (shared, options) = (project.clone(), options.clone());
    let work = move || lay_out(&shared, &options, job, inputs, world);
    match deadline::run(limit, work) {
        Ok(outcome) => outcome,
        Err(Stopped::TimedOut) => {
            let error = deadline::timed_out(project, &failed, limit);
            Outcome::Stuck(failed, error, kept)
        }
        Err(Stopped::Panicked(_) | Stopped::NoThread(_)) => {
            let rendered = "leafpress could not lay it out\nhint: this is a bug in leafpress or \
                            Typst, or the system is out of threads; the last good pages stay"
                .to_string();
            let document = failed.name();
            Outcome::Failed(failed, Error::Typst { document, rendered, found: Vec::new() })
        }
    }
}

/// Lays out one document from its `inputs` in its kept world (or a new one); catches a panic
/// as an error, so that one document cannot stop the preview.
fn lay_out(
    project: &Project,
    options: &Options,
    job: Job,
    inputs: Inputs,
    world: Option<LeafWorld>,
) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let world = match world {
            // A world compiles the layout file it was made for; layouts.toml may have moved it.
            Some(mut world) if world.is_for(&job.layout.file) => {
                world.reset(project.shared.clone(), inputs.clone());
                world
            }
            _ => render::world(project, &job, &render::page_options(&job, options))?,
        };
        let done = render::lay_out_in(world, project, &job, options)?;
        let laid = Laid {
            job: job.clone(),
            laid_out: done.laid_out.clone(),
            printed: done.document.clone(),
        };
        Ok((laid, done.into_world()))
    }));
    match result {
        Ok(Ok((laid, world))) => Outcome::Laid(Box::new(laid), world, inputs),
        Ok(Err(error)) => Outcome::Failed(job, error),
        Err(_) => {
            let rendered = "typst stopped unexpectedly while laying it out\nhint: this is a bug \
                            in leafpress or Typst; the last good pages stay on the page"
                .to_string();
            let document = job.name();
            Outcome::Failed(job, Error::Typst { document, rendered, found: Vec::new() })
        }
    }
}

/// The content's own problems for each of `languages`, each with the file it is about: web
/// addresses, characters no font has, and every untranslated or stale text at its own line.
fn content_problems(
    project: &Project,
    languages: &BTreeSet<String>,
) -> std::collections::BTreeMap<String, Vec<(String, Diagnostic)>> {
    let directory: Vec<(String, Diagnostic)> = checks::project(project, &[])
        .into_iter()
        .flat_map(|checked| checked.findings.into_iter().map(move |f| (checked.subject.clone(), f)))
        .collect();
    let mut problems = std::collections::BTreeMap::new();
    for language in project.content.languages.iter().filter(|l| languages.contains(&l.code)) {
        let code = &language.code;
        let path = language.file.path.display().to_string();
        let mut found = directory.clone();
        if let Err(error) = glyphs::check_language(language, &project.coverage) {
            found.push((path.clone(), Diagnostic::from_error("glyphs", &error)));
        }
        for key in project.content.warning_keys(language, WarningKind::Fallback) {
            let finding =
                Diagnostic::warning("translation", "not translated: the English text prints")
                    .keys([key])
                    .hint(format!("translate it in {path}; the English is at the place shown"));
            let at = checks::locate(project, SOURCE_LANGUAGE, key);
            found.push((path.clone(), Diagnostic { place: at, ..finding }));
        }
        for key in project.content.warning_keys(language, WarningKind::Stale) {
            let finding = Diagnostic::warning(
                "translation",
                "translated from an English text that has changed since",
            )
            .keys([key])
            .hint(format!(
                "update it from content/en.toml, then run `leafpress stamp {code} {key}`"
            ));
            let at = checks::locate(project, code, key);
            found.push((path.clone(), Diagnostic { place: at, ..finding }));
        }
        problems.insert(code.clone(), found);
    }
    problems
}

/// Locks a mutex, whatever happened to the thread that held it last.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
